"""``python manage.py bench [--json FILE] [--requests N]``: the key pages and reports, timed.

One process, one run, against the configured database (the national-scale data of
``seed_scale``), not a test database. Pages are requested in-process through Django's test
``Client`` with ``force_login`` as the seeded personas: the whole stack from middleware to
template runs, without a socket, a WSGI server or a password hash in the way, so what is measured
is the application's own time. Each page gets a few warm-up requests, one request counted with
``CaptureQueriesContext``, then N timed requests; its median is divided by the median of the
floor (``/bench/floor/``: signed in, the base template, nothing else) measured in the same run,
right before the page (the load of a shared machine drifts during a run).

The timed requests are what people see day to day: the tenant cache (access.cache) keeps what
a page shows until something in its tenants changes. So that the full work stays in view too,
each page is then requested ``--cold`` more times right after every tenant's version was
renewed (as after a write), and those queries and times are reported beside the others. Each
cold request follows a floor request, and the cold ratios are over those floor requests' median:
the floor measured beside the page, not a minute before it.

The reports are timed end to end through a real Celery worker: the command starts one
(``celery -A config worker``) against Redis, requests each report through
``reports.services.report_request`` and polls the row until the worker has finished it.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django_scopes import scopes_disabled

from access import cache as tenant_cache
from benchmarks.crosstenant import key_pages, personas_in
from benchmarks.pages import Page, floor_page
from benchmarks.scale import PERSONAS

# Kept pages (issue 8); the whole work with nothing kept, each against the floor measured beside
# it (issue 18); the reports end to end through the worker (issue 13).
TARGETS = {"max_queries": 30, "max_ratio": 3.0, "max_p95_ms": 250.0,
           "cold_max_ratio": 12.0, "cold_max_p95_ratio": 20.0,
           "municipality_report_s": 1.5, "network_report_s": 5.0}


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


class Command(BaseCommand):
    help = "Benchmark the key pages (queries, median, p95, ratio to the floor) and the two PDF reports."

    def add_arguments(self, parser):
        parser.add_argument("--json", dest="json_file", help="Write the results to this file as JSON.")
        parser.add_argument("--requests", type=int, default=50, help="Timed requests per page (at least 50).")
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument("--cold", type=int, default=40,
                            help="Requests per page right after every tenant's cache version is renewed.")
        parser.add_argument("--no-reports", action="store_true", help="Skip the reports (no worker, no Redis).")
        parser.add_argument("--report-runs", type=int, default=3,
                            help="Renders of each report through the worker; the median is judged.")
        parser.add_argument("--broker", default=settings.CELERY_BROKER_URL or "redis://127.0.0.1:6379/0",
                            help="Redis URL for the report worker (default: CELERY_BROKER_URL or local Redis).")
        parser.add_argument("--only", nargs="*", default=None, help="Only these page keys.")

    queue = f"bench-{os.getpid()}"

    def handle(self, *args, **options):
        # The floor page lives only in the benchmark's URL conf: production does not serve it.
        with override_settings(ROOT_URLCONF="config.urls_bench"):
            self.bench(**options)

    def bench(self, *, json_file, requests, warmup, cold, no_reports, broker, only, **options):
        self.cold = cold
        self.report_runs = max(1, options.get("report_runs") or 3)
        if requests < 50:
            self.stderr.write("Fewer than 50 requests per page: the p95 is rough.")
        if not no_reports:
            # Before any page runs: the app's broker connections are made on first use. The
            # benchmark's own queue keeps any other worker on the same Redis away from its tasks.
            from config.celery import app

            app.conf.update(broker_url=broker, result_backend=broker, task_always_eager=False,
                            task_default_queue=self.queue)
        try:
            personas = personas_in(emails=PERSONAS)
        except Exception as exc:
            raise CommandError(f"No benchmark personas in this database ({exc}). Run seed_scale first.") from exc
        pages = key_pages(personas)
        if only:
            pages = [p for p in pages if p.key in only]
        clients: dict[str, Client] = {}
        self.clients = clients
        self.floor = floor_page(personas)
        host = next((h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*", "["))), "127.0.0.1")

        def client_for(email: str) -> Client:
            if email not in clients:
                with scopes_disabled():
                    from accounts.models import User

                    user = User.objects.get(email=email)
                client = Client(HTTP_HOST=host)
                client.force_login(user)
                clients[email] = client
            return clients[email]

        self.client_for = client_for

        # The worker runs during the pages too, as in production: a page that finds the cycle
        # figure stale queues its drawing once instead of on every request.
        self.worker = None if no_reports else self.start_worker(broker)
        try:
            payload = self.run(pages, personas, client_for, host, requests, warmup, no_reports)
        finally:
            if self.worker is not None:
                self.stop_worker()
        if json_file:
            Path(json_file).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            self.stdout.write(f"Wrote {json_file}")
        met = payload["all_targets_met"]
        self.stdout.write(self.style.SUCCESS("All targets met.") if met else self.style.WARNING("Some targets not met."))

    def run(self, pages, personas, client_for, host, requests, warmup, no_reports) -> dict:
        results = {}
        self.stdout.write(
            f"{'page':<22} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'× floor':>8}"
            f" {'cold q':>7} {'cold median':>12} {'cold p95':>9} {'cold ×':>7} {'p95 ×':>7} {'floor ms':>9}"
        )
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, host]):
            floor = self.measure(floor_page(personas), client_for, requests, warmup)
            self.row("floor", floor, floor["median_ms"])
            for page in pages:
                # The floor again right before each page: on a shared machine the load drifts
                # during a run, and a page is compared with the floor of its own minute.
                local_floor = self.measure(floor_page(personas), client_for, requests, warmup)
                result = self.measure(page, client_for, requests, warmup)
                result["floor_ms"] = local_floor["median_ms"]
                result["ratio"] = round(result["median_ms"] / local_floor["median_ms"], 2)
                result["meets"] = {
                    "queries": result["queries"] <= TARGETS["max_queries"],
                    "ratio": result["ratio"] <= TARGETS["max_ratio"],
                    "p95": result["p95_ms"] < TARGETS["max_p95_ms"],
                }
                cold = result.get("cold")
                if cold:
                    cold["ratio"] = round(cold["median_ms"] / cold["floor_ms"], 2)
                    cold["p95_ratio"] = round(cold["p95_ms"] / cold["floor_ms"], 2)
                    result["meets"]["cold_ratio"] = cold["ratio"] <= TARGETS["cold_max_ratio"]
                    result["meets"]["cold_p95"] = cold["p95_ratio"] <= TARGETS["cold_max_p95_ratio"]
                results[page.key] = result
                self.row(page.key, result, local_floor["median_ms"])
            # The floor again: if the machine got busier during the run, this shows it.
            floor_after = self.measure(floor_page(personas), client_for, requests, warmup)
            self.row("floor (again)", floor_after, floor["median_ms"])
        for client in self.clients.values():
            client.logout()

        reports = {} if no_reports else self.time_reports(personas)
        payload = {
            "date": timezone.localdate().isoformat(),
            "tenant_cache_seconds": settings.TENANT_CACHE_SECONDS,
            # The timed requests always run with DEBUG off (override_settings), whatever the
            # settings say: no debug cursor logging every query.
            "settings_debug": settings.DEBUG,
            "timed_with_debug": False,
            "database": connection.vendor,
            "requests_per_page": requests,
            "targets": TARGETS,
            "data": self.data_size(),
            "floor": floor,
            "floor_again": floor_after,
            "pages": results,
            "reports": reports,
        }
        met = all(all(r["meets"].values()) for r in results.values())
        if reports:
            met = met and reports.get("municipality", {}).get("meets", False) and reports.get("network", {}).get("meets", False)
        payload["all_targets_met"] = met
        return payload

    def row(self, key: str, r: dict, floor_ms: float) -> None:
        ratio = r["median_ms"] / floor_ms
        cold = r.get("cold") or {}
        tail = (f" {cold['queries']:>7} {cold['median_ms']:>12.1f} {cold['p95_ms']:>9.1f}"
                f" {cold['ratio']:>7.1f} {cold['p95_ratio']:>7.1f} {cold['floor_ms']:>9.1f}") if cold else ""
        self.stdout.write(f"{key:<22} {r['queries']:>7} {r['median_ms']:>10.1f} {r['p95_ms']:>8.1f} {ratio:>8.2f}{tail}")

    def measure(self, page: Page, client_for, requests: int, warmup: int) -> dict:
        client = client_for(page.persona)
        for _ in range(warmup):
            self.check_status(page, client.get(page.url))
        queries, times = self.count_and_time(page, client, requests)
        result = {
            "label": page.label, "url": page.url, "persona": page.persona, "queries": queries,
            "median_ms": round(statistics.median(times), 2), "p95_ms": round(percentile(times, 95), 2),
            "min_ms": round(min(times), 2), "max_ms": round(max(times), 2), "requests": requests,
        }
        if page.key != "floor" and self.cold:
            result["cold"] = self.measure_cold(page, client)
        return result

    def measure_cold(self, page: Page, client) -> dict:
        """The page right after a write: every tenant's cache version renewed before each request.

        Each cold request is paired with a floor request just before it, and the cold ratios are
        over the median of those floor requests: the floor of this machine moves by up to 2x
        within a minute, and a ratio over a floor measured a minute earlier moved with it.
        """
        renew = lambda: tenant_cache.bump(everything=True)  # noqa: E731
        floor = self.floor
        floor_client = self.client_for(floor.persona)
        floor_times: list[float] = []

        def floor_then_renew() -> None:
            with override_settings(DEBUG=False):
                # The floor as it is kept, as in the other columns: the renewal before the last
                # cold request renewed the floor's fragments too, and this request keeps them again.
                self.check_status(floor, floor_client.get(floor.url))
                started = time.perf_counter()
                response = floor_client.get(floor.url)
                floor_times.append((time.perf_counter() - started) * 1000)
            self.check_status(floor, response)
            renew()

        queries, times = self.count_and_time(page, client, self.cold, before_each=floor_then_renew)
        floor_times = floor_times[1:]  # the first belongs to the counted request
        renew()
        client.get(page.url)  # kept again for whatever runs next
        return {"queries": queries, "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(percentile(times, 95), 2), "requests": self.cold,
                "floor_ms": round(statistics.median(floor_times), 2)}

    def count_and_time(self, page: Page, client, requests: int, before_each=lambda: None) -> tuple[int, list[float]]:
        """One request counted with CaptureQueriesContext, then ``requests`` timed ones (ms)."""
        before_each()
        reset_queries()  # the debug query log is a bounded deque: a full one would count 0
        with CaptureQueriesContext(connection) as captured:
            self.check_status(page, client.get(page.url))
        queries = len(captured.captured_queries)  # now: the next request_started clears the log
        times = []
        # Timed as in production: no debug cursor logging every query.
        with override_settings(DEBUG=False):
            for _ in range(requests):
                before_each()
                started = time.perf_counter()
                response = client.get(page.url)
                times.append((time.perf_counter() - started) * 1000)
                self.check_status(page, response)
        return queries, times

    def check_status(self, page: Page, response) -> None:
        if response.status_code != 200:
            raise CommandError(f"{page.key} ({page.url}) answered {response.status_code} for {page.persona}.")

    def data_size(self) -> dict:
        from commitments.models import Commitment, ProgressUpdate
        from indicators.models import Measurement
        from municipalities.models import Membership, Municipality, School
        from networks.models import Meeting, Network
        from reviews.models import Answer, Response

        with scopes_disabled():
            return {m._meta.label: m._base_manager.count() for m in (
                Municipality, Network, School, Membership, Meeting, Commitment, ProgressUpdate, Response, Answer,
                Measurement)}

    # --- reports through a real worker ---------------------------------------------------------------
    def start_worker(self, broker: str) -> subprocess.Popen:
        from config.celery import app

        env = {**os.environ, "CELERY_BROKER_URL": broker}
        name = f"{self.queue}@{os.uname().nodename}"
        worker = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING",
             "--hostname", name, "--queues", self.queue, "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=settings.BASE_DIR, env=env,
        )
        self.worker = worker
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1.0, destination=[name]):
            if worker.poll() is not None or time.monotonic() > deadline:
                self.stop_worker()
                raise CommandError("The Celery worker did not start (is Redis running at the broker URL?).")
        return worker

    def stop_worker(self) -> None:
        worker, self.worker = self.worker, None
        if worker is None:
            return
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

    def time_reports(self, personas) -> dict:
        from networks.models import ProjectLeader
        from reports.models import ReportKind, ReportStatus
        from reports.services import report_request

        results = {}
        today = timezone.localdate()
        start = today - datetime.timedelta(days=4 * 365)
        with scopes_disabled():
            from municipalities.models import Membership

            municipality = Membership.objects.select_related("municipality").get(user=personas.samordnare).municipality
            network = ProjectLeader.objects.select_related("network").filter(user=personas.processledare).first().network
        for key, kind, tenant, user, limit in (
            ("municipality", ReportKind.MUNICIPALITY, {"municipality": municipality}, personas.samordnare,
             TARGETS["municipality_report_s"]),
            ("network", ReportKind.NETWORK, {"network": network}, personas.processledare,
             TARGETS["network_report_s"]),
        ):
            runs = []
            for _run in range(self.report_runs):
                started = time.perf_counter()
                with scopes_disabled():
                    report, _created = report_request(kind=kind, period_start=start, period_end=today,
                                                      requested_by=user, **tenant)
                    while True:
                        report.refresh_from_db(fields=["status", "error", "file"])
                        if report.status in (ReportStatus.DONE, ReportStatus.FAILED):
                            break
                        if time.perf_counter() - started > 300:
                            raise CommandError(f"The {key} report did not finish in 300 s.")
                        time.sleep(0.05)
                runs.append(round(time.perf_counter() - started, 2))
                if report.status == ReportStatus.FAILED:
                    raise CommandError(f"The {key} report failed: {report.error}")
            # The median of the renders: the worker runs for days, and the first task after it
            # starts also loads WeasyPrint and the fonts (kept in "runs" as the first figure).
            took = statistics.median(runs)
            size = report.file.size if report.file else 0
            results[key] = {"seconds": round(took, 2), "runs": runs, "limit_s": limit, "meets": took < limit,
                            "bytes": size, "report_id": report.pk}
            self.stdout.write(f"{key} report: {took:.2f} s, median of {runs} (target < {limit:g} s), "
                              f"{size / 1024:.0f} KiB")
        return results
