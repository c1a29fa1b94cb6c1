"""Load test (issue 8): a mixed day of use against gunicorn on loopback.

Run through ``python manage.py loadtest``, which seeds nothing: it reads the national-scale data,
writes a plan (signed-in session cookies and URLs for many personas in many municipalities) to a
JSON file named by ``LOADTEST_PLAN``, starts gunicorn and runs this file headless. Three kinds of
user, by weight:

- politicians reading: their municipality's home, goals, a goal, mapping results, commitments;
- teachers writing: the commitments list, a commitment, and a progress update (a real POST);
- project leaders running a meeting: the meeting page, its attendance and groups, report-back,
  the network overview.

Sessions come from the plan (``force_login`` in the command), so no password hashing or e-mail
verification is in the measured path.
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["LOADTEST_PLAN"], encoding="utf-8") as fh:
    PLAN = json.load(fh)

_counters = {role: itertools.count() for role in PLAN["roles"]}

# People think between clicks (0.5–2 s); the capacity search (``loadtest --capacity``) instead sets
# each user's pace, so that the command sets the offered load, and raises it step by step. The
# waits are drawn around the pace, not fixed: users spawned together would otherwise all ask at
# the same instant, and the test would measure bursts, not a load.
_TASKS_PER_SECOND = float(os.environ.get("LOADTEST_TASKS_PER_USER_SECOND") or 0)


class _Persona(HttpUser):
    abstract = True
    role = ""
    wait_time = between(0.5 / _TASKS_PER_SECOND, 1.5 / _TASKS_PER_SECOND) if _TASKS_PER_SECOND else between(0.5, 2.0)

    def on_start(self) -> None:
        people = PLAN["roles"][self.role]
        self.me = people[next(_counters[self.role]) % len(people)]
        self.client.cookies.set("sessionid", self.me["session"], domain="")

    def visit(self, key: str) -> None:
        self.client.get(self.me["urls"][key], name=f"{self.role}: {key}")


class Politician(_Persona):
    role = "politiker"
    weight = 5

    @task(3)
    def home(self) -> None:
        self.visit("municipality_home")

    @task(2)
    def goals(self) -> None:
        self.visit("goal_tree")
        self.visit("goal")

    @task(2)
    def mapping(self) -> None:
        self.visit("mapping_results")

    @task(1)
    def commitments(self) -> None:
        self.visit("commitments")

    @task(1)
    def start_page(self) -> None:  # not "start": that is locust's own User.start
        self.visit("start")


class Teacher(_Persona):
    role = "larare"
    weight = 4

    @task(3)
    def read(self) -> None:
        self.visit("commitments")
        self.visit("commitment")

    @task(1)
    def write_update(self) -> None:
        url = self.me["urls"]["update"]
        self.client.get(url, name="larare: update form")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            url,
            data={"text": f"Lärarlaget har prövat arbetssättet ({random.randint(1, 999)}).",  # noqa: S311
                  "done_on": datetime.date.today().isoformat(), "confidence": "7", "csrfmiddlewaretoken": token},
            headers={"X-CSRFToken": token, "Referer": self.host + url},
            name="larare: update (POST)",
        )


class ProjectLeader(_Persona):
    role = "processledare"
    weight = 1

    @task(3)
    def meeting(self) -> None:
        self.visit("meeting")

    @task(1)
    def attendance(self) -> None:
        self.visit("attendance")
        self.visit("groups")

    @task(2)
    def report_back(self) -> None:
        self.visit("report_back")

    @task(1)
    def network(self) -> None:
        self.visit("network_home")
