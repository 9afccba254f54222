import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Load the URL map, and with it every view and the API's schemas, while the worker
    starts. Django does it on the first request otherwise, which then waits about a second,
    and so does every request queued behind it."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (reading it imports and builds everything)


_warm_up()
# What is loaded now lives as long as the worker: the garbage collector need not look at it
# again. Its full collections had been scanning all of Django on busy workers; freezing
# took casting from 212 to 234 ballots a second (bench/README.md).
gc.freeze()
