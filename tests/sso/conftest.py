"""Two municipalities with their own e-mail domains, for the single sign-on tests."""

import pytest

from .. import factories as f


@pytest.fixture
def alby():
    return f.MunicipalityFactory(name="Alby kommun", slug="alby", email_domains="alby.se")


@pytest.fixture
def bstad():
    return f.MunicipalityFactory(name="Bstads kommun", slug="bstad", email_domains="bstad.se")
