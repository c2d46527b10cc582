from tests.crawlers.conftest import server  # noqa: F401 - the local career-site server for the crawler test
