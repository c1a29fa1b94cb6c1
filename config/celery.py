import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("skolnatverk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
@worker_ready.connect
def _warm_pdf_engine(**kwargs) -> None:
    # In each process that renders reports (a prefork child, or a solo worker itself): the first
    # person's report should not also pay for loading fonts and stylesheets (reports/warmup.py).
    from reports.warmup import warm_pdf_engine

    warm_pdf_engine()
