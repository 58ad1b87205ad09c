import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded photos in tests never land in the real media folder.
    settings.MEDIA_ROOT = tmp_path / "media"
