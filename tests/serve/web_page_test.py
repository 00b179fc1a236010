"""The web page of `r1tune serve` in a real browser: headless Chromium (Debian's), driven by
Playwright, against a server on the tiny fixture. Asks a question, waits for the verdict, checks
what the page shows and saves a screenshot.

Usage: web_page_test.py R1TUNE_BINARY FIXTURE_MODEL SCREENSHOT_PATH
"""
import os
import subprocess
import sys
import unittest

from playwright.sync_api import sync_playwright

from served import Served

BINARY, FIXTURE, SCREENSHOT = sys.argv[1], sys.argv[2], sys.argv[3]
KEY = "page-test-key"
# As this machine's notes advise for a closed network: no background connections, no sandbox as root.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class WebPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        notebook = os.path.join(os.path.dirname(os.path.abspath(SCREENSHOT)), "web-page-notebook.sqlite")
        if os.path.exists(notebook):
            os.remove(notebook)
        # serve reads an existing notebook only (a mistyped path must not look like an empty one).
        subprocess.run([BINARY, "notebook", "add", "--notebook", notebook, "-q", "笼子里有10个头，28只脚，问鸡兔各几只？",
                        "--mistake", "把脚数当成了头数。", "--correction", "x+y=10，2x+4y=28，x=6，y=4。"],
                       check=True, capture_output=True)
        cls.server = Served(BINARY, ["-m", FIXTURE, "-n", "24", "--notebook", notebook], KEY)
        cls.url = cls.server.url + "/"
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        cls.server.stop()

    def test_a_question_gets_its_answer_attempts_and_verdict(self):
        page = self.browser.new_page()
        page.goto(self.url)
        page.fill("#key", KEY)
        page.fill("#question", "笼子里有35个头，94只脚，问鸡兔各几只？")
        page.select_option("#strategy", "plain")
        page.click("#submit")
        page.wait_for_selector("#verdict:not([hidden])", timeout=120000)
        verdict = page.locator("#verdict")
        # The tiny model answers noise: whatever it says, the constraints the router derived must
        # not let it through as verified, and the page must say which checks ran.
        self.assertIn(verdict.get_attribute("data-verification"), ("failed", "unverified"))
        self.assertIn("constraints", page.text_content("#verdict"))
        self.assertGreaterEqual(page.locator("#attempts > li").count(), 1)
        self.assertTrue(page.text_content("#thinking"))
        self.assertTrue(page.is_hidden("#error"))
        page.screenshot(path=SCREENSHOT, full_page=True)

    def test_an_entry_added_on_the_page_is_listed_and_found(self):
        page = self.browser.new_page()
        page.goto(self.url)
        page.fill("#key", KEY)
        page.click("#nb-search button")
        page.wait_for_selector("#notebook:not([hidden])", timeout=30000)
        page.click("#notebook summary")
        page.fill("#nb-question", "A train goes 60 km/h for 2.5 hours. How far does it go?")
        page.fill("#nb-mistake", "Multiplied 60 by 2 and dropped the half hour.")
        page.fill("#nb-correction", "60 × 2.5 = 150 km.")
        page.click("#nb-add button")
        page.wait_for_function("document.querySelector('#nb-status').textContent.includes('added')", timeout=30000)
        page.wait_for_selector("#nb-entries li", timeout=30000)
        self.assertIn("dropped the half hour", page.text_content("#nb-entries"))
        page.fill("#nb-query", "train")
        page.click("#nb-search button")
        page.wait_for_function("document.querySelector('#nb-status').textContent.startsWith('1 ')", timeout=30000)
        self.assertIn("A train goes", page.text_content("#nb-entries"))

    def test_a_refused_request_shows_the_servers_sentence(self):
        page = self.browser.new_page()
        page.goto(self.url)
        page.fill("#key", "wrong-key")
        page.fill("#question", "1+1?")
        page.click("#submit")
        page.wait_for_selector("#error:not([hidden])", timeout=60000)
        self.assertIn("API key", page.text_content("#error"))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
