from tests.submission.conftest import quick_user, req_ctx  # noqa: F401 - shared fixtures
