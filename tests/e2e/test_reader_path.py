"""A reader's path in a real browser: home → search a name in another script → profile → the decree
that released the person → statistics; language switching; phone width; keyboard. Screenshots of
each page go to test-artifacts/screenshots/. The fixtures assert no request left for another host."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_follows_a_pardoned_person_from_search_to_decree_to_statistics(visit, registry_data):
    page = visit.page
    visit.goto("/")
    assert page.locator("h1").inner_text() == "Political prisoners in Belarus"
    visit.screenshot("01-home")

    visit.follow(page.get_by_role("link", name="Prisoners", exact=True))
    page.get_by_label("Name (any spelling, any script)").fill("Памілаваны")
    visit.follow(page.get_by_role("button", name="Search"))
    assert page.locator(".results-count").inner_text() == "1 person"
    visit.screenshot("02-search-belarusian-script")

    visit.follow(page.get_by_role("link", name="Fiktyuny Pamilavany"))
    assert page.locator("h1").inner_text() == "Fiktyuny Pamilavany"
    assert "Фіктыўны Памілаваны" in page.locator(".names").inner_text()
    assert page.locator(".tl-pardon").count() == 1
    visit.screenshot("03-profile")

    visit.follow(page.locator(".tl-pardon a").first)
    assert page.url.endswith(f"/decrees/{registry_data['decree'].pk}/")
    people = page.locator(".person-list").inner_text()
    assert "Fiktyuny Pamilavany" in people and "Anonymus" not in people
    assert "1 name withheld" in page.content()
    visit.screenshot("04-decree")

    visit.follow(page.get_by_role("link", name="Statistics"))
    assert page.locator("svg.columns").count() == 3
    page.locator("#held summary").click()
    assert page.locator("#held table").is_visible()
    visit.screenshot("05-statistics")

    visit.goto("/facilities/")
    visit.screenshot("06-facilities")
    visit.follow(page.get_by_role("link", name="Fictional Penal Colony No. 101"))
    assert "Fictional Street 1, 000000" in page.locator("address").inner_text()
    visit.screenshot("07-facility")
    visit.goto("/decrees/")
    visit.screenshot("08-decrees")


def test_a_reader_finds_a_seed_profile_by_its_russian_spelling(visit, registry_data):
    page = visit.page
    visit.goto("/prisoners/?q=Тихановский")
    visit.follow(page.get_by_role("link", name="Siarhei Tsikhanouski"))
    assert "Сяргей Ціханоўскі" in page.locator(".names").inner_text()
    assert "in custody" in page.locator(".status").first.inner_text()


def test_the_language_switcher_translates_pages_and_names(visit, registry_data):
    page = visit.page
    visit.goto(f"/prisoners/{registry_data['held'].pk}/")
    visit.follow(page.get_by_role("button", name="Беларуская", exact=True))
    assert page.locator("html").get_attribute("lang") == "be"
    assert page.locator("h1").inner_text() == "Фіктыўны Зняволены"
    assert page.get_by_role("heading", name="Храналогія").is_visible()
    visit.screenshot("09-profile-belarusian")

    visit.follow(page.get_by_role("button", name="Русский", exact=True))
    assert page.locator("h1").inner_text() == "Фиктивный Заключённый"
    visit.goto("/")
    assert page.locator("h1").inner_text() == "Политзаключённые в Беларуси"
    visit.screenshot("10-home-russian")

    visit.follow(page.get_by_role("button", name="English"))
    assert page.locator("h1").inner_text() == "Political prisoners in Belarus"


def test_filters_combine_in_the_url_and_work_without_javascript(browser, live_server, registry_data):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/prisoners/")
    page.locator("#status-in_custody").check()
    page.get_by_label("Held now in facility").select_option(str(registry_data["facility"].pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "status=in_custody" in page.url and f"facility={registry_data['facility'].pk}" in page.url
    names = page.locator(".person-name").all_inner_texts()
    assert "Fiktyuny Zniavoleny" in names and "Fiktyuny Pamilavany" not in names
    context.close()


PAGES = ["/", "/prisoners/", "/decrees/", "/facilities/", "/statistics/"]


def test_every_page_fits_a_360_pixel_phone(phone, registry_data):
    paths = [
        *PAGES,
        f"/prisoners/{registry_data['pardoned'].pk}/",
        f"/decrees/{registry_data['decree'].pk}/",
        f"/facilities/{registry_data['facility'].pk}/",
    ]
    for number, path in enumerate(paths, start=1):
        phone.goto(path)
        overflow = phone.page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 360, f"{path} is {overflow}px wide"
        name = path.strip("/").replace("/", "-") or "home"
        phone.screenshot(f"phone-{number:02d}-{name}")


def test_the_keyboard_reaches_the_skip_link_first_and_focus_is_visible(visit, registry_data):
    page = visit.page
    visit.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    page.wait_for_url("**/#main", timeout=5000)  # the fragment lands after the key event returns
    assert page.url.endswith("#main")


NAMED_ONLY_NOTE = {
    "English": "counts only people we name",
    "Беларуская": "лічыць толькі людзей, якіх мы называем",
    "Русский": "считает только людей, которых мы называем",
}


def test_a_decree_with_one_withheld_person_says_its_lines_count_named_people_in_every_language(phone, registry_data):
    page = phone.page
    phone.goto(f"/decrees/{registry_data['decree'].pk}/")
    for language, note in NAMED_ONLY_NOTE.items():
        phone.follow(page.get_by_role("button", name=language, exact=True))
        assert page.get_by_text(note).is_visible(), language
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, language
        phone.screenshot(f"phone-decree-small-cells-{page.locator('html').get_attribute('lang')}")


def test_the_keyboard_reaches_the_filters_before_any_result_and_can_skip_them(visit, registry_data):
    page = visit.page
    visit.goto("/prisoners/")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.name || document.activeElement.className"))
        if reached[-1] in ("status", "person-name"):
            break
    assert reached[-1] == "status", reached
    assert "skip-results" in reached

    visit.goto("/prisoners/")
    page.locator(".skip-results").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "person-name"


def test_on_a_phone_the_results_come_first_on_screen_with_the_filters_folded(phone, registry_data):
    phone.goto("/prisoners/")

    assert phone.page.locator("#filters").get_attribute("open") is None
    assert phone.page.locator(".person-name").first.is_visible()
    phone.page.get_by_text("Filters and sorting").click()
    assert phone.page.locator("#status-in_custody").is_visible()


def test_a_name_typed_into_the_list_form_ranks_the_best_match_first(visit, registry_data):
    from tests.site_data import make_person

    # Both hold the two words typed; the name exactly as typed matches best.
    make_person("Zniavoleny Fiktyuny")
    page = visit.page
    visit.goto("/prisoners/")
    page.get_by_label("Name (any spelling, any script)").fill("Zniavoleny Fiktyuny")
    visit.follow(page.get_by_role("button", name="Search"))

    names = page.locator(".person-name").all_inner_texts()
    assert names[:2] == ["Zniavoleny Fiktyuny", "Fiktyuny Zniavoleny"]  # by name it would be the other way
