"""The home page: the spaces one may read with their thread counts, and one's own queue."""

from django.urls import reverse

from forum import services


def home(client):
    return client.get(reverse("forum:home")).content.decode()


def test_it_lists_only_the_spaces_the_user_may_read(login, world):
    page = home(login(world.org.alice))
    assert reverse("forum:space", args=["eng"]) in page
    assert reverse("forum:space", args=["announce"]) in page
    assert reverse("forum:space", args=["finance"]) not in page


def test_it_counts_threads_once_even_through_two_reading_groups(login, world):
    org = world.org
    # dana reads this space both as an engineer and as a member of data-team.
    both = services.create_space("both", "Both", readers=[org.engineers, org.data_team],
                                 posters=[org.data_team])
    services.post_question(org.dana, both, title="Only one", body="...")
    page = home(login(org.dana))
    card = page[page.index(reverse("forum:space", args=["both"])):]
    assert card[:card.index("</li>")].count("1 thread<") == 1


def test_it_lists_the_drafts_waiting_for_the_user(login, world):
    page = home(login(world.org.alice))
    assert f"#{world.posts['draft'].key}" in page
    assert f"#{world.posts['draft'].key}" not in home(login(world.org.bob))


def test_it_lists_private_analyses_for_the_user(login, world):
    org = world.org
    services.configure_guardrails({"agent.autonomy": "analyse"})
    private = services.agent_respond(org.agent, org.question, invoker=org.bob, body="Just you")
    assert f"#{private.key}" in home(login(org.bob))
    assert f"#{private.key}" not in home(login(org.alice))


PATHS = (("replay", "scenarios:runs"), ("tabletop", "exercises:new_session"),
         ("train", "exercises:training"))


def path_card(page: str, slug: str) -> str:
    card = page[page.index(f'id="path-{slug}"'):]
    return card[:card.index("</li>")]


def test_it_says_what_overstep_is_and_offers_three_paths(login, world):
    page = home(login(world.org.alice))
    assert "Overstep replays incidents" in page
    for slug, name in PATHS:
        assert f'href="{reverse(name)}"' in path_card(page, slug)
        assert "Sign in" not in path_card(page, slug)


def test_it_asks_anonymous_visitors_to_sign_in_for_each_path(client, world):
    response = client.get(reverse("forum:home"))
    page = response.content.decode()
    assert response.status_code == 200 and "Overstep replays incidents" in page
    for slug, name in PATHS:
        target = f"{reverse('login')}?next={reverse(name)}"
        assert f'href="{target}"' in path_card(page, slug)


def test_it_shows_anonymous_visitors_no_space_or_queue(client, world):
    page = client.get(reverse("forum:home")).content.decode()
    assert reverse("forum:space", args=["eng"]) not in page
    assert f"#{world.posts['draft'].key}" not in page
    assert reverse("scenarios:sweeps") not in page


def test_the_navigation_leads_to_sweeps(login, world):
    assert f'href="{reverse("scenarios:sweeps")}"' in home(login(world.org.alice))
