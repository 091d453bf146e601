"""Test doubles and helpers shared by the test folders.

Three HTTP doubles, one a kind of test: ``mock_http`` is aioresponses, for
unit tests of what the client sends and reads; ``local_api`` is
ionworks-local itself, in memory, with a middleware of the tests' that
counts its traffic and bends its answers, for the client's composition and
integration tests; ``hostile_server`` answers with raw bytes, for hostile
input. (``tests/integration/test_network.py`` adds a forward proxy: a network
element, not an API.) ``cycler`` and ``spectra`` make synthetic data;
``retries`` and ``concurrency`` are small helpers.
"""

BASE_URL = "https://api.test"
"""The mocked API's URL (aioresponses)."""
LOCAL_KEY = "local-test-key"
"""The API key of the in-memory ionworks-local servers of the fixtures."""
