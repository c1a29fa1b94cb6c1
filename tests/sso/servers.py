"""Real identity providers on this machine, for the single sign-on tests.

- ``oidc_provider``: the npm package ``oidc-provider`` (tests/sso/providers/oidc.mjs) in a node
  subprocess; ``scripts/test.sh`` installs it with ``npm ci``.
- ``saml_idp``: tests/sso/saml_idp.py, a SAML IdP that signs its assertions with xmlsec, in a thread.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PROVIDERS_DIR = Path(__file__).parent / "providers"


def _node() -> str:
    node = shutil.which("node")
    if not node:
        pytest.fail("The single sign-on tests need Node.js: 'apt-get install nodejs npm' (scripts/test.sh does).")
    if not (PROVIDERS_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(f"Run 'npm ci' in {PROVIDERS_DIR} (scripts/test.sh does) for the test OIDC provider.")
    return node


@contextmanager
def oidc_provider(*, clients: list[dict], accounts: dict | None = None, timeout: float = 20) -> Iterator[str]:
    """Start oidc-provider with these clients and accounts; yields its issuer URL."""
    config = {"clients": clients, "accounts": accounts or {}}
    log = tempfile.NamedTemporaryFile(prefix="oidc-provider-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        [_node(), "oidc.mjs", json.dumps(config)], cwd=PROVIDERS_DIR,
        stdout=subprocess.PIPE, stderr=log, text=True,
    )
    try:
        issuer = _wait_for_line(proc, "listening ", timeout)
        if issuer is None:
            proc.kill()
            log.flush()
            pytest.fail(f"oidc-provider did not start: {Path(log.name).read_text()}")
        yield issuer
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        os.unlink(log.name)


def _wait_for_line(proc: subprocess.Popen, prefix: str, timeout: float) -> str | None:
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return None
            if sel.select(timeout=0.2):
                line = proc.stdout.readline()
                if line.startswith(prefix):
                    return line[len(prefix):].strip()
    return None


@contextmanager
def saml_idp(*, accounts: dict | None = None, name: str = "test-saml-idp"):
    """Start the SAML identity provider of tests/sso/saml_idp.py in a thread; yields it."""
    from .saml_idp import SamlIdP

    idp = SamlIdP(name=name, accounts=accounts or {})
    server = idp.serve()
    try:
        yield idp
    finally:
        server.shutdown()
        server.server_close()
