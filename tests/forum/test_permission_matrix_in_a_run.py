"""The permission matrix asked inside a run, where answers are kept (forum.lookups): asked
twice, each question gets the matrix's answer both times."""

import pytest

from forum import lookups, permissions

from .matrix import (
    POST_READERS, POSTS, PRINCIPALS, RESOURCE_READERS, RESOURCES, SPACE_READERS, SPACES,
)


@pytest.mark.parametrize("name", PRINCIPALS)
def test_kept_answers_are_the_matrix(world, name):
    principal = world.principal(name)
    expected = ([name in SPACE_READERS[s] for s in SPACES]
                + [name in POST_READERS[p] for p in POSTS]
                + [name in RESOURCE_READERS[r] for r in RESOURCES])
    with lookups.per_run():
        for _ in range(2):
            assert ([permissions.can_read_space(principal, world.space(s)) for s in SPACES]
                    + [permissions.can_see_post(principal, world.posts[p]) for p in POSTS]
                    + [permissions.can_read_resource(principal, world.resource(r))
                       for r in RESOURCES]) == expected
