"""`r1tune serve` through the official OpenAI Python client, as a user's program would call it.

Usage: openai_client_test.py R1TUNE_BINARY FIXTURE_MODEL
"""
import sys
import unittest

import openai

from served import Served

BINARY, FIXTURE = sys.argv[1], sys.argv[2]
KEY = "test-key-openai-client"


class ServeThroughOpenAiClient(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Served(BINARY, ["-m", FIXTURE], KEY)
        cls.base_url = cls.server.url + "/v1"
        cls.client = openai.OpenAI(base_url=cls.base_url, api_key=KEY, max_retries=0, timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def ask(self, **extra):
        return self.client.chat.completions.create(
            model="whatever", messages=[{"role": "user", "content": "What is 2+3?"}], max_tokens=16, **extra)

    def test_a_completion_with_r1tunes_trace(self):
        reply = self.ask(seed=5)
        self.assertEqual(reply.object, "chat.completion")
        self.assertIsInstance(reply.choices[0].message.content, str)
        self.assertIn(reply.choices[0].finish_reason, ("stop", "length"))
        self.assertGreater(reply.usage.completion_tokens, 0)
        trace = reply.model_extra["r1tune"]
        self.assertIn(trace["verification"], ("verified", "consistent", "unverified", "failed"))
        self.assertEqual(trace["settings"]["seed"], 5)
        self.assertEqual([m.id for m in self.client.models.list()], ["tiny-r1-qwen2"])

    def test_a_stream_adds_up_to_the_answer(self):
        chunks = list(self.ask(stream=True, stream_options={"include_usage": True},
                               extra_body={"r1tune": {"strategy": "plain", "retries": 0}}))
        text = "".join((c.choices[0].delta.content or "") + (getattr(c.choices[0].delta, "reasoning_content", None) or "")
                       for c in chunks if c.choices)
        self.assertTrue(text)
        finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
        self.assertEqual(len(finishes), 1)
        self.assertGreater(chunks[-1].usage.total_tokens, 0)

    def test_three_samples_are_three_choices(self):
        reply = self.ask(n=3)
        self.assertEqual([c.index for c in reply.choices], [0, 1, 2])
        self.assertEqual(reply.model_extra["r1tune"]["attempts"][0]["vote"]["samples"], 3)
        chunks = list(self.ask(n=2, stream=True))
        finished = sorted(c.choices[0].index for c in chunks if c.choices and c.choices[0].finish_reason)
        self.assertEqual(finished, [0, 1])

    def test_logprobs_come_with_each_sampled_token(self):
        reply = self.ask(logprobs=True, extra_body={"r1tune": {"strategy": "plain", "retries": 0}})
        tokens = reply.choices[0].logprobs.content
        self.assertEqual(len(tokens), reply.usage.completion_tokens)
        self.assertTrue(all(t.logprob <= 0 for t in tokens))
        chunks = list(self.ask(logprobs=True, stream=True, extra_body={"r1tune": {"strategy": "plain", "retries": 0}}))
        streamed = [t for c in chunks if c.choices and c.choices[0].logprobs for t in c.choices[0].logprobs.content]
        self.assertGreater(len(streamed), 0)

    def test_a_strategy_beside_n_is_refused_with_the_reason(self):
        with self.assertRaises(openai.BadRequestError) as caught:
            self.ask(n=3, extra_body={"r1tune": {"strategy": "beam:2"}})
        self.assertIn("\"n\"", str(caught.exception))

    def test_a_mistyped_lever_is_an_error_not_the_default(self):
        with self.assertRaises(openai.BadRequestError) as caught:
            self.ask(extra_body={"r1tune": {"stratgy": "vote:3"}})
        self.assertIn("r1tune.stratgy", str(caught.exception))

    def test_a_wrong_key_is_refused(self):
        stranger = openai.OpenAI(base_url=self.base_url, api_key="not-the-key", max_retries=0)
        with self.assertRaises(openai.AuthenticationError):
            stranger.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
