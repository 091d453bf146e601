"""Test doubles and helpers shared by the test folders.

``fake_api`` is the instrumented loopback double (in-flight counts, arrival
order, slow or failing routes) for the client's composition tests;
``hostile_server`` answers with raw bytes; ``mock_http`` is aioresponses;
``cycler`` and ``spectra`` make synthetic data; ``retries`` and
``concurrency`` are small helpers.
"""

BASE_URL = "https://api.test"
"""The mocked API's URL (aioresponses)."""
LOCAL_KEY = "local-test-key"
"""The API key of the in-memory ionworks-local servers of the fixtures."""
