"""Production serves static files through a manifest (hashed names): ``collectstatic`` must resolve
every reference the vendored files make, or a deployment fails at its first step."""

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_resolves_every_reference(tmp_path, settings):
    storages = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/chartjs/chart.umd.min.*.js"))
