"""schemathesis over /api/openapi.json, in process, logged in as each role.

Every operation of the spec gets generated requests — valid ones and ones that break the
schema — sent through the ASGI app (no server), as the supervising office, the lead unit's
user and a co-unit's user, on a world where each of them has a task, a source, a report and
an extension to hit. Each response must be no 5xx, have a status the spec declares, match
the declared body schema and content type, and a request that breaks the schema must be
refused with a 4xx.

The number of cases is bounded for ``make test``: ``LUOSHI_SCHEMA_CASES`` (default 300) is
the total on one database, spread evenly over the three roles, the operations and the two
generation modes (at least one case each). ``make check-deep`` runs 10,000 a database.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.factories import World
from tests.web.conftest import log_in

CASES = int(os.environ.get("LUOSHI_SCHEMA_CASES", "300"))
RANDOM = os.environ.get("LUOSHI_SCHEMA_RANDOM") == "1"
DATA = Path(__file__).parents[1] / "data"
# The office above both units, the lead unit's user, a co-unit's user.
ROLES = ("office", "fgw", "swt")
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
NEGATIVE_CHECKS = [*CHECKS, negative_data_rejection]


@dataclass
class Credentials:
    cookies: dict[str, str]
    headers: dict[str, str]


def _csrf_headers(client: TestClient) -> dict[str, str]:
    """The CSRF token header if the app hands one out (another change may add it)."""
    response = client.get("/api/auth/csrf")
    if response.status_code != 200:
        return {}
    token = response.json().get("token") or response.json().get("csrf_token")
    return {"X-CSRF-Token": token} if token else {}


def _login(app: FastAPI, username: str) -> tuple[TestClient, Credentials]:
    client = log_in(TestClient(app), username)
    headers = _csrf_headers(client)
    return client, Credentials(dict(client.cookies.items()), headers)


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def _seed(app: FastAPI) -> None:
    """A task (lead p.fgw, co-unit p.swt) accepted and reported on, with an extension and
    an instruction; a source with its breakdown: real objects behind small ids."""
    office, oc = _login(app, "office")
    fgw, fc = _login(app, "fgw")
    leader, lc = _login(app, "leader")
    with office, fgw, leader:
        _ok(
            office.post(
                "/api/sources",
                files={"file": ("plan.txt", (DATA / "plan_sample.txt").read_bytes())},
                data={"title": "plan"},
                headers=oc.headers,
            ),
            201,
        )
        task = _ok(
            office.post(
                "/api/tasks",
                json={
                    "title": "扩大有效投资",
                    "lead_unit": "p.fgw",
                    "co_units": ["p.swt"],
                    "due_date": "2099-12-31",
                },
                headers=oc.headers,
            ),
            201,
        )
        path = f"/api/tasks/{task['id']}"
        _ok(office.post(f"{path}/transitions", json={"transition": "assign"}, headers=oc.headers))
        _ok(fgw.post(f"{path}/accept", json={}, headers=fc.headers))
        _ok(fgw.post(f"{path}/reports", json={"progress": 10}, headers=fc.headers), 201)
        _ok(
            fgw.post(
                f"{path}/extensions",
                json={"requested_due": "2100-06-30", "reason": "land approvals"},
                headers=fc.headers,
            ),
            201,
        )
        _ok(leader.post(f"{path}/instructions", json={"text": "加快"}, headers=lc.headers), 201)


@pytest.fixture
def app(db: Database) -> FastAPI:
    # Generated logouts make the run log in again and again: the rate limits (proven in
    # test_limits.py) would end it, so they are out of reach here.
    unlimited = 10**6
    settings = Settings(
        environment="test",
        database_url=db.url,
        secret_key="t" * 40,
        session_idle_seconds=10**9,
        session_max_age_seconds=10**9,
        rate_limit_login_per_address=unlimited,
        rate_limit_login_per_account=unlimited,
        rate_limit_upload=unlimited,
        rate_limit_search=unlimited,
    )
    return create_app(settings, session_factory=db.factory)


@pytest.fixture
def seeded(app: FastAPI, world: World) -> FastAPI:
    _seed(app)
    return app


@dataclass
class Run:
    app: FastAPI
    username: str
    client: TestClient
    credentials: Credentials

    def relogin(self) -> None:
        """After a generated logout (or a session rotated by the app) log in again."""
        self.client.close()
        self.client, self.credentials = _login(self.app, self.username)


@pytest.fixture(params=ROLES)
def run(request: pytest.FixtureRequest, seeded: FastAPI) -> Iterator[Run]:
    client, credentials = _login(seeded, request.param)
    r = Run(seeded, request.param, client, credentials)
    yield r
    r.client.close()


def _examples(operations: int) -> int:
    return max(1, math.ceil(CASES / (len(ROLES) * operations * len(MODES))))


def _has_input(operation: Any) -> bool:
    return bool(list(operation.iter_parameters())) or bool(list(operation.body))


def _is_multipart(operation: Any) -> bool:
    return any(body.media_type == "multipart/form-data" for body in operation.body)


def _exercise(run: Run, operation: Any, mode: GenerationMode, examples: int) -> None:
    strategy = operation.as_strategy(generation_mode=mode)
    checks = CHECKS
    # schemathesis counts a file part whose bytes look like a number as "not a string";
    # on the wire it is a file like any other, so the check does not apply to uploads
    # (the bad-input corpus of test_bad_input.py covers them).
    if mode is GenerationMode.NEGATIVE and not _is_multipart(operation):
        checks = NEGATIVE_CHECKS

    @given(case=strategy)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        # The same cases every run, so that CI's verdict is the change's and not the dice's;
        # LUOSHI_SCHEMA_RANDOM=1 explores new ones.
        derandomize=not RANDOM,
    )
    def exercise(case: Any) -> None:
        response = case.call(cookies=run.credentials.cookies, headers=dict(run.credentials.headers))
        case.validate_response(response, checks=checks)
        if response.status_code == 401 or case.path == "/api/auth/logout":
            run.relogin()

    exercise()


def test_every_operation_holds_to_the_spec(run: Run) -> None:
    # The document is behind the login (LUOSHI_API_DOCS_PUBLIC is off).
    schema = schemathesis.openapi.from_asgi(
        "/api/openapi.json", run.app, cookies=run.credentials.cookies
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    examples = _examples(len(operations))
    failures: list[str] = []
    for operation in operations:
        # An operation without parameters or body has nothing to break.
        modes = MODES if _has_input(operation) else MODES[:1]
        for mode in modes:
            try:
                _exercise(run, operation, mode, examples)
            except (Exception, BaseExceptionGroup) as exc:  # report every operation's failure
                failures.append(f"{operation.label} [{mode.value}] as {run.username}:\n{exc}")
    assert not failures, "\n\n".join(failures)
