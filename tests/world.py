"""The named personas every access test uses (healthchecks-style: Alice owns, Charlie sees nothing).

Network N ("Nätverk Norr") has municipalities A (Alby) and B (Bstad); network M has C (Cby).

| persona       | who                                                             |
|---------------|-----------------------------------------------------------------|
| anonymous     | not signed in                                                   |
| namnd         | politician in A                                                 |
| forvaltning   | administrator in A (not coordinator)                            |
| rektor        | principal in A, at school A1                                    |
| larare        | teacher in A, at school A1: "the teacher visited" (issue 17)    |
| colleague     | another teacher in A at school A1 (issue 17)                    |
| other_rektor  | principal in A at school A2: "a principal of another school"    |
| coordinator   | administrator and coordinator in A                              |
| leader        | project leader of N                                             |
| peer          | teacher in B: same network, other municipality                  |
| outsider      | administrator in C: other network, other municipality           |
| other_leader  | project leader of M                                             |

Issue 17's staff-data personas: "the teacher visited" is larare, "förvaltning" is forvaltning,
"a member of another municipality" is peer (same network) and outsider (another network).
colleague and other_rektor were added later, so they are members of A only in a test marked
``@pytest.mark.staff_personas`` (the permission matrix, the cache matrix, the staff-data tools'
tests): every other test keeps the A it counts members of. A permission row that says nothing
about them expects for them what it expects for larare and rektor (``LIKE``), so only rows where
the school or the person matters (staff data, school-owned content) name them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from municipalities.models import Level

from . import factories as f

PERSONAS = (
    "anonymous", "namnd", "forvaltning", "rektor", "larare", "coordinator",
    "leader", "peer", "outsider", "other_leader", "colleague", "other_rektor",
)
A_MEMBERS = ("namnd", "forvaltning", "rektor", "larare", "coordinator")
# Personas that, unless a row names them, expect what their model persona expects.
LIKE = {"colleague": "larare", "other_rektor": "rektor"}


@dataclass
class World:
    network: object
    other_network: object
    a: object
    b: object
    c: object
    school_a1: object
    school_a2: object
    school_b1: object
    users: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # objects other apps' rows need, created lazily

    def user(self, persona: str):
        if persona not in self.users:
            raise KeyError(f"{persona!r} is not in this world (colleague and other_rektor need "
                           "@pytest.mark.staff_personas)")
        return self.users[persona]


def build_world(*, staff_personas: bool = False) -> World:
    network = f.NetworkFactory(name="Nätverk Norr", slug="natverk-norr")
    other_network = f.NetworkFactory(name="Nätverk Söder", slug="natverk-soder")
    a = f.MunicipalityFactory(name="Alby kommun", slug="alby", code="0101")
    b = f.MunicipalityFactory(name="Bstads kommun", slug="bstad", code="0202")
    c = f.MunicipalityFactory(name="Cby kommun", slug="cby", code="0303")
    f.NetworkMembershipFactory(network=network, municipality=a)
    f.NetworkMembershipFactory(network=network, municipality=b)
    f.NetworkMembershipFactory(network=other_network, municipality=c)
    school_a1 = f.SchoolFactory(municipality=a, name="Alby skola")
    school_a2 = f.SchoolFactory(municipality=a, name="Albyskolan Norra")
    school_b1 = f.SchoolFactory(municipality=b, name="Bstad skola")
    world = World(network, other_network, a, b, c, school_a1, school_a2, school_b1)

    def member(persona, municipality, level, **kw):
        user = f.UserFactory(email=f"{persona}@example.se", full_name=f"{persona.title()} Testsson")
        f.MembershipFactory(user=user, municipality=municipality, level=level, **kw)
        world.users[persona] = user

    member("namnd", a, Level.NAMND)
    member("forvaltning", a, Level.FORVALTNING)
    member("rektor", a, Level.REKTOR, school=school_a1)
    member("larare", a, Level.LARARE, school=school_a1)
    member("coordinator", a, Level.FORVALTNING, is_coordinator=True)
    if staff_personas:
        member("colleague", a, Level.LARARE, school=school_a1)
        member("other_rektor", a, Level.REKTOR, school=school_a2)
    member("peer", b, Level.LARARE, school=school_b1)
    member("outsider", c, Level.FORVALTNING)
    world.users["leader"] = f.ProjectLeaderFactory(network=network, user=f.UserFactory(email="leader@example.se")).user
    world.users["other_leader"] = f.ProjectLeaderFactory(
        network=other_network, user=f.UserFactory(email="other_leader@example.se")
    ).user
    world.users["anonymous"] = None
    return world
