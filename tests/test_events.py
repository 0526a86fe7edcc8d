"""The events stage over small real sentences: type, ACLED sub-type, status, actors."""

from __future__ import annotations

import datetime as dt

import pytest

from frontwatch.read import read_text


def result_of(pipeline, text: str):
    return next(iter(pipeline.run([read_text(text, origin="<test>", detect_head=False)])))


def events(pipeline, text: str):
    return result_of(pipeline, text).events


def only(pipeline, text: str):
    found = events(pipeline, text)
    assert len(found) == 1, [(e.trigger["lemma"], e.event_type) for e in found]
    return found[0]


def test_reported_speech_gives_one_event_attributed_to_the_speaker(pipeline):
    event = only(pipeline, "The Syrian Observatory for Human Rights said that Syrian troops attacked rebels in Idlib.")
    assert event.event_type == "ASSAULT"
    assert event.attribution is not None
    assert "Observatory" in event.attribution["text"]


def test_threat_with_a_condition_is_conditional(pipeline):
    event = only(pipeline, "Turkey threatened to respond if its soldiers were attacked.")
    assert (event.event_type, event.status) == ("THREATEN", "conditional")
    assert event.actor1.country == "TUR"


def test_ready_to_mediate_is_intended(pipeline):
    event = only(pipeline, "Russia is ready to mediate between Turkey and Syria.")
    assert (event.event_type, event.status) == ("CONSULT", "intended")
    assert event.acled_event_type is None


def test_negation_is_denied(pipeline):
    event = only(pipeline, "Russian jets did not bomb the town of Idlib on Monday.")
    assert event.status == "denied"


def test_air_strike_killing_civilians_stays_remote_violence(pipeline):
    event = only(pipeline, "A Russian air strike killed 12 civilians in Idlib on Monday.")
    assert (event.acled_event_type, event.acled_sub_event_type) == (
        "Explosions/Remote violence", "Air/drone strike")
    assert event.fatalities == 12


def test_police_firing_on_peaceful_protesters_is_excessive_force(pipeline):
    found = events(pipeline, "Iraqi police opened fire on peaceful protesters in Baghdad, killing six people.")
    top = max(found, key=lambda e: e.confidence)
    assert top.acled_sub_event_type == "Excessive force against protesters"
    assert top.acled_event_type == "Protests"


def test_an_arrest_is_a_strategic_development(pipeline):
    event = only(pipeline, "Egyptian police arrested ten activists in Cairo on Friday.")
    assert (event.event_type, event.acled_event_type, event.acled_sub_event_type) == (
        "COERCE", "Strategic developments", "Arrests")


def test_diplomacy_has_no_acled_type(pipeline):
    event = only(pipeline, "The Turkish foreign minister met his Russian counterpart in Moscow on Monday.")
    assert event.event_type == "CONSULT"
    assert event.acled_event_type is None and event.acled_sub_event_type is None


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Two suicide bombers killed 10 people outside a mosque in Maiduguri.", "Suicide bomb"),
        ("Militants lobbed a grenade at a police post in Srinagar on Monday.", "Grenade"),
        ("Rebels fired mortar shells into Aleppo, killing three people.", "Shelling/artillery/missile attack"),
        ("Police seized eight guns and 500 bullets in a raid in Cuttack.", "Disrupted weapons use"),
        ("A mob lynched a man accused of theft in Bihar on Tuesday.", "Mob violence"),
        ("Stone-throwing protesters clashed with police in Santiago on Monday.", "Violent demonstration"),
    ],
)
def test_acled_precedence_and_cues(pipeline, text, sub):
    top = max(events(pipeline, text), key=lambda e: e.confidence)
    assert top.acled_sub_event_type == sub


def test_victims_named_by_a_weapon_are_no_weapon(pipeline):
    # who was killed ("suicide bombers", "grenade throwers") tells no means of the killing
    top = max(events(pipeline, "Soldiers killed three suicide bombers near Kalat on Tuesday."), key=lambda e: e.confidence)
    assert top.acled_sub_event_type != "Suicide bomb"


def test_a_disaster_is_no_event(pipeline):
    assert events(pipeline, "A tsunami killed 222 people in Indonesia on Saturday.") == []


def test_peace_talks_with_rebels_are_an_agreement(pipeline):
    found = events(pipeline, "Colombia's government started peace talks with the rebels in Havana on Monday.")
    assert any(e.acled_sub_event_type == "Agreement" for e in found)


def test_a_lemmatiser_slip_still_finds_the_trigger(pipeline):
    # the small model lemmatises "staged" as "stag"
    event = only(pipeline, "Trump supporters staged protests across the country on Saturday.")
    assert event.acled_sub_event_type == "Peaceful protest"


def test_a_past_tense_the_tagger_misreads_is_set_right(pipeline):
    # the small model tags "retook" a present-tense verb and keeps it as its own lemma
    event = only(pipeline, "Government troops retook the town of Bunia on Saturday.")
    assert event.trigger["lemma"] == "retake" and event.event_type == "ASSAULT"


def test_a_verb_the_tagger_reads_as_a_noun_keeps_its_subject(pipeline):
    # the small model tags "denounces" before a "that" clause a plural noun and
    # parses the ministry as its compound
    event = only(pipeline, "The Kenyan Ministry denounces that the militia has recruited children in Garissa.")
    assert event.event_type == "ACCUSE" and event.actor1.country == "KEN"


def test_a_killing_told_by_its_time_clause_takes_the_attack_of_that_clause(pipeline):
    # the victims are the subject; the attackers, the place and the day are in the
    # "when" clause
    text = "Seventeen civilians were killed when gunmen stormed a hamlet near Titao late on Saturday."
    article = read_text(text, origin="<test>", detect_head=False, published=dt.date(2024, 3, 11))
    event = next(iter(pipeline.run([article]))).events
    assert len(event) == 1, [(e.trigger["lemma"], e.event_type) for e in event]
    event = event[0]
    assert event.event_type == "ASSAULT" and event.actor1 is not None and "REB" in event.actor1.sectors
    assert event.location is not None and event.location["name"] == "Titao"
    assert event.date == dt.date(2024, 3, 9)


@pytest.mark.parametrize(("text", "actor"), [
    ("The Coastal Fishers Alliance condemned the arrests on Monday.", "Coastal Fishers Alliance"),
    ("KWRN urged the government to release the detained reporters.", "KWRN"),
    # "it" of a say-verb's complement is the body that speaks
    ("The Coastal Fishers Alliance said on Monday that it was deeply concerned by the arrests "
     "and called for an independent investigation.", "Coastal Fishers Alliance"),
])
def test_a_body_no_list_knows_speaks_as_itself(pipeline, text, actor):
    # the tagger's organisation (or an unnamed acronym) as the subject of what was said
    event = only(pipeline, text)
    assert event.actor1 is not None and event.actor1.name == actor


@pytest.mark.parametrize("text", [
    "Kovalenko rejected the allegation.",  # a surname the tagger may take for a body
    "The Special Coordinator called on all parties to show restraint.",  # an office
])
def test_a_person_or_an_office_is_no_unlisted_body(pipeline, text):
    assert all(e.actor1 is None or e.actor1.name != text.split(" rejected")[0].split(" called")[0]
               for e in events(pipeline, text))


def test_both_sides_of_a_gerund_between_them_are_kept(pipeline):
    # the tagger calls "Fighting" a verb; it heads the subject all the same
    event = only(pipeline, "Fighting between the army and the RSF in Omdurman killed 14 civilians on Wednesday.")
    assert event.actor1 is not None and event.actor1.sectors == ["MIL"]
    assert event.actor2 is not None and event.actor2.name == "Rapid Support Forces"


def test_what_a_verb_of_command_governs_is_ordered_not_done(pipeline):
    assert events(pipeline, "The interior minister ordered police to disperse the protesters.") == []
    # the noun is no command over the act: the arrest was made
    found = events(pipeline, "Police arrested the editor on Monday on the orders of a judge.")
    assert [e.event_type for e in found] == ["COERCE"]


def test_a_relative_clause_telling_when_the_event_took_place_dates_it(pipeline):
    text = "The attack, which took place on Saturday night, killed 11 soldiers near Menaka."
    article = read_text(text, origin="<test>", detect_head=False, published=dt.date(2024, 3, 11))
    (event,) = next(iter(pipeline.run([article]))).events
    assert event.date == dt.date(2024, 3, 9)


@pytest.mark.parametrize("text", [
    "The visit will include talks with the Kenyan foreign minister.",
    "The minister's tour will involve meeting Kenyan officials.",
])
def test_an_act_a_plan_will_include_is_intended(pipeline, text):
    """ "will include talks": the act is part of a plan, not done."""
    assert [e.status for e in events(pipeline, text)] == ["intended"]


def test_an_undated_plan_takes_the_future_time_told_just_before(pipeline):
    """A planned act with no time of its own is dated by the future time the sentence
    before gave the plan, never the days before publication."""
    text = ("Prime Minister Jane Roe is expected to travel to Kenya in late April. "
            "The visit will include talks with the Kenyan foreign minister.")
    article = read_text(text, origin="<test>", detect_head=False, published=dt.date(2024, 4, 10))
    (event,) = next(iter(pipeline.run([article]))).events
    assert event.status == "intended"
    assert dt.date(2024, 4, 20) <= event.date_start and event.date_end == dt.date(2024, 4, 30)


def test_a_statement_in_the_present_tense_is_dated_the_day_of_the_report(pipeline):
    text = "The Coastal Fishers Alliance condemns the arrests of its members."
    article = read_text(text, origin="<test>", detect_head=False, published=dt.date(2024, 3, 11))
    (event,) = next(iter(pipeline.run([article]))).events
    assert event.event_type == "ACCUSE" and event.date == dt.date(2024, 3, 11)


def test_the_learned_typer_gives_no_agreement_to_a_rejection(pipeline):
    # the rules read "rejects" as a standing position; the typer must not make it a deal
    assert all(e.event_type != "AGREE" for e in events(pipeline, "Iran rejects the offer."))


def test_a_sentence_with_only_an_event_noun_gives_that_event(pipeline):
    result = result_of(pipeline, "Doctors treated several people for breathing difficulties after a chlorine gas attack on the town.")
    (event,) = result.events
    assert event.acled_sub_event_type == "Chemical weapon"
    assert result.document.frames[event].bare


def test_tear_gas_on_demonstrators_is_no_chemical_weapon(pipeline):
    found = events(pipeline, "Police fired tear gas at hundreds of demonstrators in Harare on Friday.")
    assert found
    assert all(e.acled_sub_event_type != "Chemical weapon" for e in found)
    assert max(found, key=lambda e: e.confidence).acled_event_type == "Protests"


def test_an_attack_on_a_mosque_is_violence_against_civilians(pipeline):
    event = only(pipeline, "Gunmen attacked a packed mosque in North Sinai on Friday.")
    assert (event.acled_event_type, event.acled_sub_event_type) == ("Violence against civilians", "Attack")


@pytest.mark.parametrize("text", [
    "Gunmen kidnapped four truck drivers outside Gao on Saturday.",
    "Two aid workers were abducted by armed men near Ghazni on Friday.",
])
def test_a_kidnapping_is_an_assault_of_mode_abduct(pipeline, text):
    # PLOVER codes CAMEO 181 Abduct as ASSAULT mode abduct; taking hostages stays COERCE
    event = only(pipeline, text)
    assert (event.event_type, event.mode, event.acled_sub_event_type) == (
        "ASSAULT", "abduct", "Abduction/forced disappearance")


@pytest.mark.parametrize("text", [
    "Lithuania said on Sunday it was imposing entry bans on twelve Georgian officials.",
    "Canada imposed visa bans on eight Russian officials on Monday.",
])
def test_an_entry_or_visa_ban_on_officials_is_a_sanction(pipeline, text):
    assert [e.event_type for e in events(pipeline, text)] == ["SANCTION"]


@pytest.mark.parametrize(("text", "plover"), [
    ("Bloc foreign ministers agreed on Friday to impose sanctions on nine army officers.", "SANCTION"),
    ("The two governments agreed on Friday to send troops to the border.", "AGREE"),
])
def test_agreeing_on_a_sanction_is_the_sanction(pipeline, text, plover):
    assert [e.event_type for e in events(pipeline, text)] == [plover]


@pytest.mark.parametrize(("text", "types"), [
    ("The governor met the Red Cross on Friday and discussed the burial of those killed.", ["CONSULT"]),
    ("Relatives of those killed in the bombing of the market on Friday gathered at the morgue.", ["ASSAULT"]),
])
def test_those_killed_names_victims_not_a_killing(pipeline, text, types):
    assert [e.event_type for e in events(pipeline, text)] == types


@pytest.mark.parametrize(("text", "plover", "mode"), [
    ("The police captured seven members of the gang in Tumaco on Tuesday.", "COERCE", "arrest"),
    ("Troops captured a senior Taliban commander in Kandahar on Monday.", "COERCE", "arrest"),
    ("The navy seized two tonnes of cocaine off Tumaco on Wednesday.", "COERCE", "seize"),
    ("Rebels captured the town of Bunia on Saturday.", "ASSAULT", None),
])
def test_what_is_captured_or_seized_tells_an_arrest_a_seizure_or_a_capture(pipeline, text, plover, mode):
    event = only(pipeline, text)
    assert (event.event_type, event.mode) == (plover, mode)


@pytest.mark.parametrize(("text", "blamed"), [
    ("The Armenian defence ministry said that the responsibility for the shelling lies entirely "
     "with the government of Azerbaijan.", "AZE"),
    ("Azerbaijan bears full responsibility for the escalation, the Armenian foreign ministry said on Tuesday.", "AZE"),
])
def test_blame_a_statement_lays_on_a_party_is_an_accusation(pipeline, text, blamed):
    [event] = [e for e in events(pipeline, text) if e.event_type == "ACCUSE"]
    assert event.actor1.country == "ARM" and event.actor2.country == blamed


@pytest.mark.parametrize("text", [
    "The bridge rests on two pillars, the ministry said.",
    "The responsibility for the shelling lies with the government of Azerbaijan.",  # no one tells it
])
def test_what_lies_or_rests_with_no_blame_told_is_no_accusation(pipeline, text):
    assert not any(e.event_type == "ACCUSE" for e in events(pipeline, text))


@pytest.mark.parametrize(("text", "country"), [
    ("Additional units of the Russian army are being moved to the Kursk region.", "RUS"),
    ("Pakistani troops were deployed to the Afghan border on Monday.", "PAK"),
    ("Security forces were dispatched to the area on Monday.", None),  # whose, the text does not say
])
def test_a_force_deployed_by_no_one_named_is_its_own_states_deployment(pipeline, text, country):
    found = [e.actor1.country for e in events(pipeline, text) if e.event_type == "MOBILIZE"]
    assert found == ([country] if country else [])


@pytest.mark.parametrize(("text", "found"), [
    ("Armenia's defence ministry held Azerbaijan responsible for the shelling on Tuesday.", True),
    ("The opposition holds the government accountable for the killings, its leader said on Monday.", True),
    ("The army said on Monday that those responsible would be held accountable.", False),  # a threat
])
def test_holding_someone_responsible_is_an_accusation(pipeline, text, found):
    assert any(e.event_type == "ACCUSE" for e in events(pipeline, text)) is found


def test_an_offensive_against_a_region_stays_a_battle(pipeline):
    event = only(pipeline, "Government forces have pressed an assault against the Idlib region.")
    assert event.acled_sub_event_type == "Armed clash"


@pytest.mark.parametrize(("text", "sub"), [
    ("Russia and Ukraine exchanged prisoners near Donetsk on Friday.", "Agreement"),
    ("The Afghan army cleared more than 200 landmines in Kandahar province.", "Disrupted weapons use"),
    ("Dozens of fighters defected from the rebel group on Monday.", "Change to group/activity"),
    ("Turkish ground forces have set up two military bases near Zakho.", "Headquarters or base established"),
])
def test_codebook_vocabulary(pipeline, text, sub):
    found = events(pipeline, text)
    assert sub in {e.acled_sub_event_type for e in found}, [(e.trigger["lemma"], e.acled_sub_event_type) for e in found]


@pytest.mark.parametrize(
    ("sentence", "threat"),
    [
        ("Iran warned that it would retaliate against any attack.", True),
        ("Weather service officials warned that a storm could bring heavy snow.", False),
    ],
)
def test_a_warning_is_a_threat_only_of_the_speakers_own_action(pipeline, sentence, threat):
    events = pipeline.process(read_text(sentence, published=dt.date(2020, 2, 9))).events
    assert any(e.event_type == "THREATEN" for e in events) is threat


@pytest.mark.parametrize(("text", "threat"), [
    ("Iran said on Monday it would close the strait if the sanctions were not lifted.", True),
    ("Pakistan said on Monday it would respond unless the shelling stopped.", True),
    ("Turkey said on Sunday that Ankara would act if the attacks on its posts continued.", True),
    ("The Kenyan government said it would lift the curfew if the situation improved.", False),  # a promise
    ("Russia said on Monday it would resume gas deliveries if Ukraine paid its debts.", False),
    ("The weather service said heavy rain would fall if the front moved north.", False),
])
def test_an_own_act_under_a_condition_of_non_compliance_is_a_threat(pipeline, text, threat):
    assert any(e.event_type == "THREATEN" for e in events(pipeline, text)) is threat


@pytest.mark.parametrize(("text", "plover"), [
    ("Kenya's president received a delegation of Ugandan ministers in Nairobi on Tuesday.", "CONSULT"),
    ("Aid workers distributed food rations to displaced families in Bajil on Monday.", "AID"),
    ("Kenya's foreign ministry summoned the Ugandan ambassador on Tuesday over the arrests.", "ACCUSE"),
    ("Japan announced on Monday a new package of assistance for Ukraine.", "AID"),
    ("UNICEF delivered hygiene kits to 900 families in Hudaydah on Tuesday.", "AID"),
    ("The Red Cross handed out food parcels to displaced families in Goma on Monday.", "AID"),
    ("A convoy of 40 trucks carrying food from the World Food Programme reached Djibo on Sunday.", "AID"),
    ("Twenty UN aid trucks entered Gaza through the Rafah crossing on Monday.", "AID"),
])
def test_received_visitors_handed_out_aid_and_summoned_envoys(pipeline, text, plover):
    assert any(e.event_type == plover for e in events(pipeline, text))


@pytest.mark.parametrize("text", [
    "The company distributed dividends to shareholders in March.",
    "Nigeria's president received a letter from the Ghanaian leader on Friday.",
    "The court summoned the former minister to testify on Monday.",
    "Germany announced a cut in development aid on Tuesday.",
    "The Red Cross handed out awards to volunteers in Geneva on Monday.",
    "The plane carrying the minister arrived in Kabul on Monday.",
    "A convoy of trucks carrying cement reached the port on Sunday.",
])
def test_what_is_handed_out_received_or_summoned_may_be_no_event(pipeline, text):
    assert events(pipeline, text) == []


def test_a_convoy_of_supplies_for_an_army_is_no_aid(pipeline):
    text = "A Turkish military convoy carrying supplies to its observation posts entered Idlib on Sunday."
    assert [e.event_type for e in events(pipeline, text)] == ["MOBILIZE"]


@pytest.mark.parametrize(("text", "found"), [
    ("Rebels were able to seize the town of Bunia on Saturday.", True),  # done
    ("Rebels were not able to seize the town of Bunia on Saturday.", False),
    ("Rebels are able to seize the town of Bunia.", False),  # a capacity
    ("Rebels would be able to seize the town of Bunia.", False),
    ("Rebels were unable to seize the town of Bunia on Saturday.", False),
])
def test_what_someone_was_able_to_do_was_done(pipeline, text, found):
    assert any(e.event_type == "ASSAULT" for e in events(pipeline, text)) is found


@pytest.mark.parametrize(("text", "found"), [
    ("Russia's defence ministry declared that all those involved will be identified and punished.", True),
    ("The Taliban warned on Monday that any aircraft crossing the border would be treated as a target.", True),
    ("Kenya's finance ministry said on Monday the new tax would be targeted at large firms.", False),
    ("Russia's defence ministry declared on Monday that the talks would be held in Geneva.", False),
])
def test_a_declared_punishment_or_target_is_a_threat(pipeline, text, found):
    assert any(e.event_type == "THREATEN" for e in events(pipeline, text)) is found


def test_the_city_of_a_division_named_for_it_is_its_town(pipeline):
    # the clause says "the city"; the only name is the province named for its chief town
    event = only(pipeline, "The governor of Kherson region imposed a curfew in the city on Monday.")
    assert event.location is not None and event.location["feature"] == "place"
    assert event.location["name"] == "Kherson"


def test_the_town_of_a_clause_naming_none_is_the_last_town_named(pipeline):
    # the paragraph names no place; "the town" is the town the one before it named
    text = ("Fighting went on around Goma on Monday, and shells hit Goma's airport.\n\n"
            "Rebels seized the town of Bunia on Tuesday, residents said.\n\n"
            "Soldiers arrested 30 young men in the town on Wednesday, residents said.")
    article = read_text(text, origin="<test>", detect_head=False, published=dt.date(2024, 3, 11))
    found = next(iter(pipeline.run([article]))).events
    arrest = [e for e in found if e.event_type == "COERCE"]
    assert arrest and arrest[0].location is not None and arrest[0].location["name"] == "Bunia"


def test_the_capital_a_clause_names_without_its_name_is_the_countrys(pipeline):
    # "the capital" with no name is the capital of the country its modifier or the story
    # names, once the story names that capital; "the regional capital" is no state's
    text = ("Protest leaders met in Bamako on Monday to plan the march.\n\n"
            "Police fired tear gas at protesters in the capital on Tuesday, witnesses said.\n\n"
            "Police detained 20 people in the regional capital on Wednesday, residents said.")
    article = read_text(text, origin="<test>", detect_head=False, published=dt.date(2024, 3, 14))
    result = next(iter(pipeline.run([article])))
    found = result.events
    protest = [e for e in found if e.event_type == "PROTEST"]
    assert protest and protest[0].location is not None and protest[0].location["name"] == "Bamako"
    assert result.document.frames[protest[0]].location_from == "capital"
    arrest = [e for e in found if e.event_type == "COERCE"]
    assert arrest and result.document.frames[arrest[0]].location_from != "capital"


@pytest.mark.parametrize("city", ["KABUL", "N'DJAMENA"])
def test_a_one_word_dateline_in_capitals_places_the_story(pipeline, city):
    # the agency and dash after it are header, blanked before the parse
    text = f"{city} (Reuters) - Police detained 20 protesters on Thursday.\n\nMore protests are planned."
    article = read_text(text, origin="<test>", published=dt.date(2024, 3, 14))
    found = next(iter(pipeline.run([article]))).events
    assert found and found[0].location is not None
    assert found[0].location["name"].upper() == city


@pytest.mark.parametrize(("text", "actor"), [
    ("A ZNP spokesman denied on Wednesday that the party had burned the buses.", "ZNP"),
    ("The QLF's spokeswoman rejected the charge on Monday.", "QLF"),
])
def test_a_spokesman_of_an_unlisted_body_speaks_for_it(pipeline, text, actor):
    found = events(pipeline, text)
    assert found and found[0].actor1 is not None and found[0].actor1.name == actor, found


def test_a_member_of_parliament_is_the_legislature(pipeline):
    event = only(pipeline, "A local MP accused the government on Monday of abandoning the fishermen.")
    assert event.event_type == "ACCUSE" and event.actor1.sectors == ["LEG"]


@pytest.mark.parametrize(("text", "town"), [
    ("Two civilians were killed in Togo on Sunday when their motorcycle hit a landmine near Mandouri.", "Mandouri"),
    ("Two soldiers were killed in Mali on Sunday when their vehicle hit a mine near Gao.", "Gao"),
])
def test_a_when_clause_places_the_event_inside_its_country(pipeline, text, town):
    # the clause telling how it happened names the town, inside the country the main clause names
    event = only(pipeline, text)
    assert event.location is not None and event.location["name"] == town


def test_asset_freezes_imposed_are_a_sanction(pipeline):
    event = only(pipeline, "The EU imposed asset freezes on 29 officials on Monday.")
    assert event.event_type == "SANCTION"


@pytest.mark.parametrize(("text", "event_type"), [
    ("The ministry said on Monday that the reports were baseless.", "REJECT"),
    ("The army said on Monday that the allegations were false.", "REJECT"),
    ("The ministry said on Monday that the verdict was illegal.", "ACCUSE"),
])
def test_calling_a_claim_untrue_is_a_denial_and_a_ruling_illegal_a_denunciation(pipeline, text, event_type):
    assert only(pipeline, text).event_type == event_type
