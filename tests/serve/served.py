"""A `r1tune serve` process for the Python tests: started on a free port, its address read from
the line it prints, stopped with SIGTERM."""
import os
import re
import subprocess


class Served:
    def __init__(self, binary, args, key):
        env = dict(os.environ, R1TUNE_API_KEY=key)
        self.process = subprocess.Popen([binary, "serve", "--port", "0", "-t", "1"] + args,
                                        stderr=subprocess.PIPE, text=True, env=env)
        line = self.process.stderr.readline()
        match = re.search(r"on (http://[0-9.]+:[0-9]+)/v1", line)
        if not match:
            self.process.kill()
            raise RuntimeError("the server did not start: " + line + self.process.stderr.read())
        self.url = match.group(1)  # "http://127.0.0.1:PORT"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.process.stderr.close()
