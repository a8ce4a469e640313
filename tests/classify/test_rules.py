"""Rule layer: threats, doxxing and sexual harassment, and the explanation says which fired."""

from __future__ import annotations

import pytest

from upstander.classify.rules import RuleResult
from upstander.classify.types import Score


@pytest.mark.parametrize(
    "text",
    [
        "I will kill you.",
        "I'm going to stab you next time I see you.",
        "Someone should put a bullet in this traitor.",
        "You deserve to be hanged.",
        "Watch your back.",
    ],
)
def test_explicit_threat_to_a_person_is_flagged_as_threat(score_one, text):
    result = score_one(text)
    assert result.flagged
    assert "threat" in result.flagged_labels, (text, result.labels)


def test_threat_explanation_names_the_rule_and_the_phrase(score_one):
    result = score_one("I will kill you")
    assert any(
        line.startswith("rule: threat") and "kill you" in line for line in result.explanation
    )


@pytest.mark.parametrize(
    "text",
    [
        "She lives at 14 Acacia Avenue, Leeds LS6 2AB. Pay her a visit.",
        "Here's his number: 07700 900123, let him know what you think.",
        "I know where you live.",
        "Her kids go to St Mary's primary, we'll be waiting.",
    ],
)
def test_sharing_a_home_address_or_phone_number_is_doxxing(score_one, text):
    result = score_one(text)
    assert result.flagged
    assert "doxxing" in result.flagged_labels
    assert any("doxxing" in line for line in result.explanation)


def test_constituency_office_address_is_not_doxxing(score_one):
    result = score_one(
        "Our constituency office is at 10 High Street, Leeds LS1 4AB. Call 0113 496 0000."
    )
    assert not result.flagged
    assert "doxxing" not in result.flagged_labels


@pytest.mark.parametrize(
    "text", ["Send me nudes.", "Show us your tits.", "I'd bend you over that desk."]
)
def test_sexual_remarks_aimed_at_a_person_are_sexual_harassment(score_one, text):
    result = score_one(text)
    assert result.flagged
    assert "sexual_harassment" in result.flagged_labels


def test_talking_about_sexual_harassment_is_not_sexual_harassment(score_one):
    assert not score_one("Sexual harassment in parliament must be investigated.").flagged


def test_explanation_lists_the_words_that_drove_the_model(score_one):
    result = score_one("Jews on the council are a cancer on this town")
    assert result.flagged
    assert any(line.startswith(("model:", "rule:", "second stage:")) for line in result.explanation)
    assert any(line == "target: religion" for line in result.explanation)


def test_unflagged_plain_text_has_no_rule_in_explanation(score_one):
    result = score_one("Thanks for coming to the surgery on Saturday.")
    assert not any(line.startswith("rule:") for line in result.explanation)


def test_every_flagged_post_says_why(scorer):
    from tests.classify.functional_cases import cases

    results = scorer.score([text for _, text, _ in cases()])
    flagged = [r for r in results if r.flagged]
    assert flagged
    assert all(
        any(line.startswith(("rule:", "model:", "second stage:")) for line in r.explanation)
        for r in flagged
    )


def test_threat_rule_counts_a_group_named_after_its_first_match(score_one):
    result = score_one("I will hurt you, and I will kill every Muslim on this estate.")
    assert "threat" in result.flagged_labels
    assert "identity_attack" in result.flagged_labels
    assert result.target == "religion"
    assert any("kill every" in line for line in result.explanation)


def test_a_doxxing_postcode_survives_normalisation(score_one):
    result = score_one("Her home address is 3 Mill Lane, Stockport SK4 1AB. Pay her a visit.")
    assert "doxxing" in result.flagged_labels
    assert any("postcode" in line or "address is" in line for line in result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "Canvassing in this rain is a bitch.",
        "Leafleting the estate in the wind was a bitch.",
        "The bitch had six pups on Sunday.",
    ],
)
def test_article_before_a_gendered_slur_is_not_aiming_it_at_a_person(score_one, text):
    result = score_one(text)
    assert not any("aimed at a person" in line for line in result.explanation), result.explanation
    assert "insult" not in result.flagged_labels


@pytest.mark.parametrize(
    "text", ["She's a cow.", "Shut up bitch", "That woman is a whore.", "Call her a slag."]
)
def test_gendered_slur_aimed_at_a_woman_is_still_an_insult(score_one, text):
    result = score_one(text)
    assert result.flagged
    assert any("aimed at a person" in line for line in result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "@jess.bsky.social all of you should be ashamed of the bus cuts",
        "Priya you are a liar and a traitor @cllrpriya.bsky.social",
        "@sarahmp @tomcllr resign, the lot of you are useless",
    ],
)
def test_explanation_drivers_skip_stopwords_and_handles(score_one, text):
    from upstander.classify.lexicon import STOPWORDS

    result = score_one(text)
    drivers = [line for line in result.explanation if line.startswith("model:")]
    for line in drivers:
        if " driven by " not in line:
            continue
        words = [w.strip(" '") for w in line.split(" driven by ", 1)[1].split(",")]
        assert not any(w in STOPWORDS or "@" in w or "social" in w for w in words), line


@pytest.mark.parametrize(
    "text",
    [
        'This is what landed in my inbox this morning: "we know where you live". Logged it.',
        "From the incident log: a caller said 'I know where you live' and rang off.",
        'Screenshot for the safety team: "we\'ll be waiting outside" under my post.',
    ],
)
def test_a_threat_quoted_in_a_report_is_neither_doxxing_nor_abuse(score_one, text):
    # Quoting "we know where you live" to report it reveals nothing and threatens no one.
    result = score_one(text)
    assert not result.flagged, (text, result.labels, result.explanation)
    assert any("counter-speech" in line for line in result.explanation)


def test_a_childs_school_repeated_in_a_report_is_still_doxxing(score_one):
    # Repeating where a child goes to school spreads it, whoever repeats it and why.
    result = score_one(
        'Screenshot attached: this account keeps sending "her kids go to St Anselm\'s primary".'
    )
    assert "doxxing" in result.flagged_labels, (result.labels, result.explanation)


def test_a_claim_to_know_where_someone_lives_is_doxxing_outside_a_quote(score_one):
    result = score_one('We know where you live, councillor. "Democracy" my arse.')
    assert {"threat", "doxxing"} <= set(result.flagged_labels), result.explanation


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("It'll be open season on Sikhs round here after Thursday.", True),
        ("String her up outside the town hall and see who laughs then.", False),
        ("Line them up against a wall, the whole ward office.", False),
    ],
)
def test_open_season_stringing_up_and_a_wall_are_threats(score_one, text, group):
    result = score_one(text)
    assert "threat" in result.flagged_labels, (text, result.labels, result.explanation)
    assert any(line.startswith("rule: threat") for line in result.explanation)
    assert ("identity_attack" in result.flagged_labels) is group


@pytest.mark.parametrize(
    "text",
    [
        "It's open season on the council's pothole budget now the audit is out.",
        "We're up against the wall with this year's budget.",
        "Can someone string the bunting up along the high street before the fun day?",
    ],
)
def test_the_same_words_about_budgets_and_bunting_are_no_threat(score_one, text):
    result = score_one(text)
    assert not any(line.startswith("rule: threat") for line in result.explanation), text


@pytest.mark.parametrize(
    "text",
    [
        "The dykes along the fen road are overtopping again after the storm, drainage board says.",
        "Nipped out for a fag break before the recount, back in five.",
        "Our bitch had a litter of six pups, one is going to the councillor's niece.",
        "Bundles of faggots of kindling for the bonfire night safety demo, all donated.",
    ],
)
def test_a_slur_in_its_ordinary_sense_is_no_slur(score_one, text):
    result = score_one(text)
    assert not any("slur" in line for line in result.explanation), (text, result.explanation)


def test_the_same_word_aimed_at_someone_is_still_a_slur(score_one):
    result = score_one("you're a fag and everyone on this council knows it")
    assert any(line.startswith("rule: slur 'fag'") for line in result.explanation)


def test_great_tits_at_a_nest_box_are_birds_not_harassment(score_one):
    birds = score_one("Great tits nesting in the box outside the library again this spring!")
    assert "sexual_harassment" not in birds.flagged_labels, birds.explanation
    remark = score_one("nice tits on that bird, councillor")
    assert "sexual_harassment" in remark.flagged_labels, remark.explanation


def test_shooting_someone_a_message_is_no_threat(score_one):
    message = score_one("We'll shoot you an email with the canvassing rota tonight.")
    assert not any(line.startswith("rule: threat") for line in message.explanation)
    threat = score_one("we'll shoot you outside the count")
    assert "threat" in threat.flagged_labels


def test_not_all_of_us_denies_the_claim_that_follows(score_one):
    result = score_one("Not all of us think Somalis are a problem, most of the estate is lovely.")
    assert not any("derogatory claim" in line for line in result.explanation)
    welcome = score_one("Not all of us think immigrants are a problem, most of us welcome them")
    assert not welcome.flagged, welcome.explanation
    assert any("negated" in line for line in welcome.explanation)
    # A "but" takes the denial back.
    taken_back = "Not all of us think immigrants are a problem, but most of us know they are scum"
    assert score_one(taken_back).flagged


def assert_flagged_by_rule(result: Score, label: str, rule: str, text: str) -> None:
    """The post is flagged for `label`, and the explanation names the rule that did it."""
    assert label in result.flagged_labels, (text, result.explanation)
    assert any(line.startswith(f"rule: {rule}") for line in result.explanation), result.explanation


def assert_passed(result: Score, text: str, label: str = "abuse") -> None:
    """The post is not flagged for `label` (for `abuse`: not flagged at all)."""
    assert label not in result.flagged_labels, (text, result.explanation)


def assert_no_rule(rules: RuleResult, rule: str) -> None:
    """The rule layer did not fire `rule` (a note starting "rule: <rule>") on the post."""
    assert not any(note.startswith(f"rule: {rule}") for note in rules.notes), rules.notes


def assert_no_floor(rules: RuleResult, label: str) -> None:
    """No rule raised `label` to a flag (a floor of 0.5 or more)."""
    assert rules.floors.get(label, 0.0) < 0.5, rules.notes


@pytest.mark.parametrize(
    "text",
    [
        "Wishing our councillor a long painful illness over the holidays",
        "wish him a nasty accident on the drive home",
    ],
)
def test_wishing_someone_a_painful_illness_or_an_accident_is_a_threat(score_one, text):
    assert_flagged_by_rule(score_one(text), "threat", "threat", text)


@pytest.mark.parametrize(
    "text",
    [
        "Wishing you a speedy recovery from your illness, councillor",
        "Wishing him an accident-free drive to the conference",
        "I would never wish anyone a painful death, whatever their vote",
    ],
)
def test_get_well_wishes_and_denials_are_no_wished_harm(score_one, text):
    assert_passed(score_one(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "I will never accept a Sikh as my councillor.",
        "Would never vote for a woman as our mayor, not in this town",
        "No Muslim should be making decisions for our ward",
        "I will never accept a gay man as my representative",
    ],
)
def test_refusing_a_group_as_ones_representative_is_identity_hate(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "exclusion or denial", text)


def test_accepting_a_group_as_ones_representative_is_not(score_one):
    result = score_one("I would accept a Muslim as my representative any day")
    assert not result.flagged, result.explanation


def test_just_the_ones_like_her_takes_a_denial_back(score_one):
    taken_back = score_one(
        "Disabled people aren't a burden, just the ones like our councillor who claim allowances."
    )
    assert not any("negated" in line for line in taken_back.explanation)
    denial = score_one("Disabled people aren't a burden, they are our neighbours")
    assert not denial.flagged
    assert any("negated" in line for line in denial.explanation)


def test_a_denial_taken_back_or_a_claim_not_reported_is_no_counter_speech(score_one):
    for text in (
        "i'd never call her a cripple, but she's a cripple",
        "fat lazy cripple claiming expenses, disgusting",
        "can't stop thinking about you in that skirt at full council",
    ):
        result = score_one(text)
        assert not any("counter-speech" in line for line in result.explanation), text
    kept = score_one("Stop calling her a cripple, she's a brilliant councillor")
    assert any("counter-speech" in line for line in kept.explanation)


def test_a_slur_used_twice_is_named_once_in_the_explanation(score_one):
    result = score_one("Never call a woman a slag, but she's a slag")
    assert result.flagged
    slur_lines = [line for line in result.explanation if "slag" in line and "rule:" in line]
    assert len(slur_lines) == 1, result.explanation


@pytest.mark.parametrize(
    "text", ["No woman belongs in the cabinet", "Muslims don't belong in our council chamber"]
)
def test_saying_a_group_does_not_belong_in_public_life_is_exclusion(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "exclusion or denial", text)


def test_saying_a_group_belongs_in_public_life_is_not(score_one):
    result = score_one("Proud to say queer people belong in every council chamber")
    assert not result.flagged, result.explanation


@pytest.mark.parametrize(
    "text",
    [
        "Remigration is the only answer for this borough",
        "If you love Somalia so much there are planes leaving Heathrow every day",
        "Our high street has been replaced and the council cheered it on",
        "This town used to be British. Look at it now.",
    ],
)
def test_a_dog_whistle_is_coded_identity_hate(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "coded hate", text)


@pytest.mark.parametrize(
    "text",
    [
        "Remigration is a far-right euphemism and we will oppose it",
        "The great replacement is a racist conspiracy theory",
        "If you love Poland so much, come with us on the twinning trip!",
        "I used to be English champion at chess",
        "The boiler in the town hall has been replaced at last",
    ],
)
def test_naming_a_dog_whistle_to_condemn_it_or_a_plain_homonym_is_not(score_one, text):
    result = score_one(text)
    assert not any(line.startswith("rule: coded hate") for line in result.explanation), text
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "The great replacement is a racist conspiracy theory",
        "Remigration is a far-right euphemism and we will oppose it",
        "The Kalergi plan was an antisemitic hoax from the start",
    ],
)
def test_a_dog_whistle_named_and_judged_is_counter_speech(score_one, text):
    result = score_one(text)
    assert result.explanation[0].startswith("rule: counter-speech"), result.explanation
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "The great replacement is no myth, look at your own ward @cllr",
        "@cllr the great replacement is not a conspiracy theory, it's your policy",
    ],
)
def test_a_dog_whistle_vouched_for_as_no_myth_is_coded_hate(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "coded hate", text)


@pytest.mark.parametrize(
    "text",
    [
        "Shame if something happened to that nice family of yours, councillor",
        "Be a shame if your car got keyed outside the surgery tonight",
        "Keep voting like that and we'll see if you still feel safe walking home",
        "Funny things happen to councillors who close libraries. Ask around.",
    ],
)
def test_harm_left_to_the_imagination_is_a_veiled_threat(score_one, text):
    assert_flagged_by_rule(score_one(text), "threat", "threat", text)


@pytest.mark.parametrize(
    "text",
    [
        "We'll see if residents still feel safe once the new lighting is in",
        "Funny things happen in council meetings, you should come along and watch",
    ],
)
def test_a_shame_or_feeling_safe_with_no_harm_in_view_is_no_threat(score_one, text):
    assert_passed(score_one(text), text, "threat")


def test_an_invitation_to_come_and_watch_reads_as_one(score_one):
    result = score_one("Funny things happen in council meetings, you should come along and watch")
    assert "rule: an invitation to look on" in result.explanation, result.explanation


def test_an_invitation_with_harm_in_view_is_still_flagged(score_one):
    text = "You should come along and watch what happens to traitors like you"
    assert score_one(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "Canvassed the high street today. Full of immigrants. Disgusting.",
        "This estate is infested with gypsies",
        "No wonder the council is bankrupt, it's run by Muslims",
        "Trans women in our town are a disgrace",
    ],
)
def test_a_place_full_of_a_group_or_blamed_on_it_is_identity_hate(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "dehumanising", text)


@pytest.mark.parametrize(
    "text",
    [
        "The hall was full of women and it was wonderful",
        "No wonder the library is so good, it's run by disabled volunteers",
        "Muslims are allowed to stand for office",
        "So many immigrants keep our local hospital running",
    ],
)
def test_a_group_in_a_full_hall_or_doing_public_good_is_not_abuse(score_one, text):
    assert_passed(score_one(text), text)


def test_asking_why_a_group_is_allowed_to_stand_is_not_read_as_praise(score_one):
    result = score_one("Why are Muslims allowed to stand for office?")
    assert not any("positive" in line for line in result.explanation), result.explanation


@pytest.mark.parametrize(
    "text",
    [
        "She can chair the planning committee any day as long as she does it bent over the desk",
        "love it when you get cross at PMQs, makes me so hard",
        "Legs like those should be on every leaflet",
        "Still would.",
        "Rape jokes aside, you're the type who'd be asking for it",
    ],
)
def test_innuendo_about_a_representatives_body_is_sexual_harassment(score_one, text):
    assert_flagged_by_rule(score_one(text), "sexual_harassment", "sexual harassment", text)


@pytest.mark.parametrize(
    "text",
    [
        "I bent over the desk to pick up the leaflets and my back went",
        "Still would like an answer on the bus route, councillor.",
        "Whose interests is the council bending over for this time? Developers, as usual.",
    ],
)
def test_bending_over_and_still_would_in_plain_senses_are_not(score_one, text):
    assert_passed(score_one(text), text, "sexual_harassment")


@pytest.mark.parametrize(
    "text",
    [
        "Make sure this goes viral. His phone should not stop buzzing all weekend.",
        "Everyone reply 'liar' under her post so she sees it 5,000 times",
        "Mass-tag the council leader under every post she makes",
        "I've told my 40k followers who the caseworker is. Good luck.",
    ],
)
def test_calling_a_crowd_down_on_one_person_is_a_pile_on(score_one, text):
    assert_flagged_by_rule(score_one(text), "abuse", "a call to pile on", text)


@pytest.mark.parametrize(
    "text",
    [
        "Everyone go to her surgery on Friday and thank her for the new crossing!",
        "Everyone email your councillor about the library closure, she needs to hear it",
        "Please everyone report this account for the abuse of our MP",
    ],
)
def test_lobbying_thanking_or_reporting_together_is_no_pile_on(score_one, text):
    assert_passed(score_one(text), text)


@pytest.mark.parametrize(
    "text",
    ["Look at this deranged subhuman trying to talk about housing", "Listen to that traitor"],
)
def test_pointing_at_a_person_as_an_insult_is_an_insult(score_one, text):
    assert_flagged_by_rule(score_one(text), "insult", "insult aimed at a person", text)


def test_pointing_at_something_lovely_is_not(score_one):
    result = score_one("Look at this lovely dog that came to the surgery today")
    assert not result.flagged, result.explanation


@pytest.mark.parametrize(
    "text",
    [
        "So proud to have a female councillor 🙄 the town's really going places",
        "Lovely to see so many migrants at the surgery lol",
        "Such brave, valued members of the community, these Muslims 🤡",
    ],
)
def test_praise_of_a_group_said_with_an_eye_roll_or_a_laugh_is_not_read_as_praise(
    read_by_rules, text
):
    rules = read_by_rules(text)
    assert not rules.context.startswith("rule: positive or neutral"), rules.context
    assert rules.dampen == 1.0, rules.context


def test_the_same_praise_said_plainly_is_still_read_as_praise(read_by_rules):
    rules = read_by_rules("So proud to have a female councillor, the town's really going places")
    assert rules.context.startswith("rule: positive or neutral"), rules.context


@pytest.mark.parametrize(
    "text",
    [
        "Just saying, the immigrants wont be safe at the hustings much longer",
        "the gay men aint welcome at the surgery, simple as",
    ],
)
def test_a_negation_written_without_its_apostrophe_is_not_read_as_praise(read_by_rules, text):
    rules = read_by_rules(text)
    assert not rules.context.startswith("rule: positive or neutral"), rules.context


@pytest.mark.parametrize(
    "text",
    [
        "Stop pretending to be one of us, Cllr Okonjo. You're a guest here and guests behave.",
        "Maya Lindqvist wants sharia councils in every town. Stop pretending you don't",
    ],
)
def test_accusing_someone_of_pretending_is_not_condemning_what_they_said(read_by_rules, text):
    rules = read_by_rules(text)
    assert not rules.context.startswith("rule: counter-speech"), rules.context


def test_telling_people_to_stop_pretending_a_group_is_a_threat_is_counter_speech(read_by_rules):
    rules = read_by_rules("Stop pretending trans women are a threat to anyone.")
    assert rules.context.startswith("rule: counter-speech"), rules.context


@pytest.mark.parametrize(
    "text",
    [
        "You're a hypocrite on climate and the voting record proves it.",
        "She is a liar about the library closures: the minutes of 14 March show she moved it.",
        "@user is a hypocrite: campaigns on green belt, then quietly approves the development.",
    ],
)
def test_a_charge_with_its_grounds_is_criticism_not_an_insult(read_by_rules, text):
    assert_no_floor(read_by_rules(text), "insult")


@pytest.mark.parametrize(
    "text", ["You're a liar.", "you're a fucking liar on housing", "she's a liar and a hypocrite"]
)
def test_a_bare_or_sworn_charge_is_still_an_insult(score_one, text):
    assert_flagged_by_rule(score_one(text), "insult", "insult aimed at a person", text)


@pytest.mark.parametrize("text", ["@user is a moron", "Fuck off @councillorhale, you clown"])
def test_a_mention_is_a_person_the_insult_rules_can_see(score_one, text):
    assert_flagged_by_rule(score_one(text), "insult", "insult aimed at a person", text)


def test_a_post_at_a_mention_is_aimed_at_a_person(read_by_rules):
    rules = read_by_rules("Who let @user out unsupervised today?")
    assert rules.context != "rule: not aimed at a person or group", rules.context


@pytest.mark.parametrize(
    "text",
    [
        "Everyone swarm her comments tonight",
        "Dogpile him, lads",
        "Get down to his surgery on Friday and crowd him out",
        "Make this go viral and ruin her",
        "Email her employer, she works at Hadley and Co",
        "Make sure his neighbours see this",
        "Comment 'resign' on every one of her posts until she quits",
        "Let's get her cancelled by Friday",
    ],
)
def test_descending_on_one_persons_page_boss_or_neighbours_is_a_pile_on(score_one, text):
    assert_flagged_by_rule(score_one(text), "abuse", "a call to pile on", text)


@pytest.mark.parametrize(
    "text",
    [
        "Share this everywhere: the consultation closes Friday",
        "Email your MP's office about the bus cuts",
        "The bees swarm the hive every June",
        "We'll crowd the hall out for the hustings",
        "The bees will swarm her garden if nobody collects them, can the council help?",
        "Let's get them deselected at the AGM",
    ],
)
def test_sharing_lobbying_or_filling_a_hall_is_no_pile_on(read_by_rules, text):
    assert_no_rule(read_by_rules(text), "a call to pile on")


@pytest.mark.parametrize(
    "text",
    [
        "He deserves a slow painful death",
        "Hope her chemo fails",
        "Praying the old fool keels over before the vote",
        "Hope karma comes in the form of a bus",
        "hope a mob finds him",
        "Going to make your life hell",
        "Rot in hell",
    ],
)
def test_wishing_death_illness_or_a_mob_on_someone_is_a_threat(score_one, text):
    assert_flagged_by_rule(score_one(text), "threat", "threat", text)


@pytest.mark.parametrize(
    "text",
    [
        "She deserves a peaceful retirement",
        "Hope your treatment goes well",
        "This policy will make their lives hell",
        "Section 21 evictions make your life hell",
    ],
)
def test_good_wishes_and_a_policy_that_makes_life_hell_are_no_threat(read_by_rules, text):
    assert_no_floor(read_by_rules(text), "threat")


@pytest.mark.parametrize(
    "text",
    [
        "tranny here (my word, not yours) and your candidate for Westgate. Ask me about bins.",
        "Us poofs in the LGBT+ branch have voted Cllr Okonjo patron saint of licensing hours 😂",
        "as a tranny i can tell you the guidance is fine",
        "Fat dyke on a mobility scooter here and I have never felt so represented",
    ],
)
def test_a_speaker_naming_themself_with_a_reclaimed_slur_is_not_slurring_anyone(
    read_by_rules, text
):
    rules = read_by_rules(text)
    assert any(note.startswith("rule: reclaimed in-group use") for note in rules.notes), rules.notes
    assert rules.floors.get("identity_attack", 0.0) < 0.5, rules.notes


@pytest.mark.parametrize(
    "text",
    [
        "We don't want trannies here",
        "get these poofs out of our town, we are sick of them",
        "you are a tranny",
        "dykes in the park here again",
    ],
)
def test_a_we_elsewhere_or_a_slur_at_others_is_not_reclaiming_it(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "slur", text)


@pytest.mark.parametrize(
    "text",
    [
        "(((Soros))) funds her campaign",
        "88 to you lol",
        "14/88 brother",
        "Londonistan's mayor strikes again",
        "Her donors all seem to have a certain... heritage 👃 just saying",
        "plastic brits voting for plastic councillors",
        "Town's changed since he got in. More 'enrichment' every week.",
        "he brought the third world to our high street and calls it vibrancy",
        "Cllr Okonjo wants sharia councils in every town",
        "you were imported, not elected",
        "Christ killers in the cabinet",
        "Not a drop of English blood in her",
    ],
)
def test_a_far_right_code_is_coded_identity_hate(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "coded hate", text)


@pytest.mark.parametrize(
    "text",
    [
        "88 people came to the surgery",
        "£88 to the candidate's fund",
        "Third world debt relief is our policy",
        "The cuts are turning us into a third world country",
        "Our enrichment programme for year 6 starts Monday",
        "The report on sharia councils was published today",
        "'Londonistan' is a far-right smear and we should call it out",
        "The Christ killer myth fuelled pogroms for centuries and we condemn it",
        "Not a drop of rain all week",
    ],
)
def test_a_number_a_policy_or_a_code_named_to_condemn_it_is_not(read_by_rules, text):
    assert_no_rule(read_by_rules(text), "coded hate")


@pytest.mark.parametrize(
    "text",
    [
        "She slept her way to the top of the list",
        "on her knees for the nomination, no doubt",
        "her 'assets' are the only thing this council hasn't sold off",
        "whoever does her socials should post the beach photos again",
        "your daughter's photo at the count 😍 how old is she now?",
    ],
)
def test_office_won_in_bed_her_body_in_scare_quotes_or_a_childs_photo_ogled_is_sexual(
    score_one, text
):
    assert_flagged_by_rule(score_one(text), "sexual_harassment", "sexual harassment", text)


@pytest.mark.parametrize(
    "text",
    [
        "She worked her way to the top of the list",
        "Beach clean photos from Saturday are up",
        "Bikini photos from the 1970s lido exhibition are in the museum",
        "Our 'assets' register is published",
        "Her 'credentials' on housing are zero, she voted for every cut",
        "Your daughter's graduation photo is lovely, how old is she now?",
    ],
)
def test_work_a_beach_clean_an_asset_register_or_a_friends_question_is_not(read_by_rules, text):
    assert_no_floor(read_by_rules(text), "sexual_harassment")


@pytest.mark.parametrize(
    "text",
    [
        "keep talking, we're keeping a list",
        "People have disappeared for less",
        "I know which car is yours. nice black golf",
        "We know your routine, Councillor",
        "Don't say you weren't warned",
        "You've been warned.",
        "your missus is a creature of habit. same tesco every tuesday",
        "Accidents happen to people who talk like that",
    ],
)
def test_a_list_a_known_routine_or_a_warning_left_hanging_is_a_veiled_threat(score_one, text):
    assert_flagged_by_rule(score_one(text), "threat", "threat", text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm keeping a list of jobs for the fix-it day",
        "We know which route the bus takes, it is route 7",
        "You've been warned: parking fines start Monday",
        "I'm a creature of habit, same cafe every day",
        "Don't say I didn't warn you about the roadworks",
    ],
)
def test_a_to_do_list_a_bus_route_or_a_parking_warning_is_no_threat(read_by_rules, text):
    assert_no_floor(read_by_rules(text), "threat")


@pytest.mark.parametrize(
    "text",
    [
        "he's a man in a dress, i will never call that thing she",
        "'she/her' 😂😂 Cllr Okonjo has a five o'clock shadow and size 12 feet. He's a MAN.",
        "Still calling the candidate by his real name. Dave.",
        "Groomer alert 🚨 she wants to talk to year 6 about 'identity'",
        "Queer scum, resign",
        "Councillor Hale 🦧🦧🦧 ook ook",
        "Another 🐵 elected. the town's finished",
        "@user where are you really from though",
        "Being black is not a qualification, Cllr Okonjo.",
    ],
)
def test_misgendering_the_groomer_smear_ape_taunts_and_the_qualification_line_are_hate(
    score_one, text
):
    assert_flagged_by_rule(score_one(text), "identity_attack", "a hate trope", text)


@pytest.mark.parametrize(
    "text",
    [
        "The panto dame is a man in a dress, obviously",
        "Calling her 'a man in a dress' is transphobic and we reported it",
        "He is a convicted groomer, the court heard",
        "Being gay isn't a qualification and it isn't a disqualification. Next question",
        "Where are you from originally? Lovely accent",
    ],
)
def test_a_panto_dame_a_condemnation_a_court_report_or_an_answer_is_no_hate_trope(
    read_by_rules, text
):
    assert_no_rule(read_by_rules(text), "a hate trope")


@pytest.mark.parametrize(
    "text",
    [
        "No Jew should be on the planning committee, they only look after their own.",
        "No Muslim should be near our kids",
    ],
)
def test_no_group_on_a_committee_or_near_children_is_exclusion_not_a_denial(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "exclusion or denial", text)


def test_no_group_should_be_harassed_on_the_council_is_still_a_denial(read_by_rules):
    rules = read_by_rules("No woman should be harassed on the council")
    assert rules.context.startswith("rule: negated"), rules.context


@pytest.mark.parametrize(
    "text",
    [
        "deadnaming a trans councillor is cruel and pointless. her name is what she says it is.",
        "Mass-reporting Cllr Hale's account because you don't like his politics is pathetic",
        "Sexual comments about our MP don't make you edgy, they make you a creep. Blocked.",
        "to the men calling her a slag: would you talk to your sister like that? thought not.",
    ],
)
def test_abuse_named_as_an_act_and_judged_or_answered_is_counter_speech(read_by_rules, text):
    rules = read_by_rules(text)
    assert rules.context.startswith("rule: counter-speech"), rules.context


@pytest.mark.parametrize(
    "text",
    [
        "Harassing her is not a crime, she deserves it",
        "To the lads calling her a slag: she is one, you're right",
        "To the men calling her a slag - you stupid cow, she's worse",
    ],
)
def test_excusing_agreeing_with_or_joining_the_abuse_is_not_counter_speech(read_by_rules, text):
    rules = read_by_rules(text)
    assert not rules.context.startswith("rule: counter-speech"), rules.context


@pytest.mark.parametrize(
    "text", ["Your days are numbered, we'll vote u out", "Your days are numbered as our MP"]
)
def test_days_numbered_by_the_voters_is_no_threat(read_by_rules, text):
    assert_no_floor(read_by_rules(text), "threat")


def test_days_numbered_with_a_warning_is_still_a_threat(score_one):
    text = "Your days are numbered. Watch your back."
    assert_flagged_by_rule(score_one(text), "threat", "threat", text)


@pytest.mark.parametrize(
    "text",
    [
        "her flat's above the chippy on Mill Lane",
        "he's in the bungalow at the end of Fern Close",
        "she lives on Orchard Road, the one with the blue gate",
        "his front door: ///apple.river.stone",
        "clocked her kids at the leisure centre pool, pics incoming",
        "his car's the grey Qashqai, reg KM19 TLE",
        "private mobile for his agent is 07700 900431, go on",
    ],
)
def test_a_home_by_landmarks_a_what3words_square_or_a_watched_child_is_doxxing(score_one, text):
    assert_flagged_by_rule(score_one(text), "doxxing", "doxxing", text)


@pytest.mark.parametrize(
    "text",
    [
        "she lives in the ward she represents, it's on her leaflet",
        "the MP's office is above the barbers on Queen St",
        "she lives on the same street as my nan, lovely woman",
        "the van parked across my drive at 14 Poplar Avenue has been there ten days",
        "FY24 the budget was tight",
    ],
)
def test_an_office_a_ward_a_neighbour_or_a_parked_van_is_no_doxxing(read_by_rules, text):
    assert_no_floor(read_by_rules(text), "doxxing")


@pytest.mark.parametrize(
    "text",
    [
        "her DMs are open btw 👀",
        "tag his wife, she should see this",
        "his congregation deserves to know what he's really like",
        "@user @user @user get in here",
        "go reply on his latest post, keep it 'civil' 😉",
        "I've got 20k followers, about to send them all her way",
    ],
)
def test_an_open_inbox_a_partner_told_or_followers_brought_in_is_a_pile_on(score_one, text):
    assert_flagged_by_rule(score_one(text), "abuse", "a call to pile on", text)


@pytest.mark.parametrize(
    "text",
    [
        "her inbox is open for casework on Mondays",
        "his wife should know how proud we are of him",
        "cheers @user @user @user, get in here for cake",
        "everyone write to your MP about the bus cuts",
    ],
)
def test_an_open_surgery_inbox_a_proud_family_or_a_lobbying_drive_is_no_pile_on(
    read_by_rules, text
):
    assert_no_rule(read_by_rules(text), "a call to pile on")


@pytest.mark.parametrize(
    "text",
    [
        "praying the tumour comes back",
        "RIP in advance lads",
        "how has no one chinned him yet",
        "odds on someone bottling him before Christmas?",
        "he deserves his teeth knocked in",
        "gutted he pulled through tbh",
        "do everyone a favour and log off life",
    ],
)
def test_illness_wished_back_a_beating_missed_or_bet_on_is_wishing_harm(score_one, text):
    assert_flagged_by_rule(score_one(text), "threat", "threat", text)


@pytest.mark.parametrize(
    "text",
    [
        "hope the cancer treatment works, thinking of you",
        "so glad she survived the crash",
        "glad he pulled through, see you back in the chamber",
        "hope you lose your seat in May",
        "she's not afraid of prison reform",
    ],
)
def test_get_well_wishes_or_defeat_at_the_polls_is_no_threat(read_by_rules, text):
    assert_no_floor(read_by_rules(text), "threat")


@pytest.mark.parametrize(
    "text",
    [
        "might want to vary your route home",
        "what time do you finish at the library tonight? asking for some mates",
        "your days in that office are over, and I don't mean politically",
        "not scared of jail, are you scared of me?",
    ],
)
def test_a_route_to_vary_friends_asking_or_a_time_that_is_no_election_is_a_veiled_threat(
    score_one, text
):
    assert_flagged_by_rule(score_one(text), "threat", "threat", text)


def test_varying_your_routine_to_visit_the_ward_is_no_threat(read_by_rules):
    text = "you should vary your routine and come up the north end of the ward once in a while"
    assert_no_floor(read_by_rules(text), "threat")


@pytest.mark.parametrize(
    "text",
    [
        "can she even spell?",
        "did you have a lobotomy before the budget vote?",
        "what's the point of him?",
        "crowdfund her a brain cell",
        "is he on the sex offenders register or what",
        "the councillor drools through committee every week",
        "w-w-well d-d-done councillor",
    ],
)
def test_abuse_asked_as_a_question_or_a_condition_mocked_is_an_insult(score_one, text):
    assert_flagged_by_rule(score_one(text), "insult", "insult aimed at a person", text)


@pytest.mark.parametrize(
    "text",
    [
        "can you even read the report before voting on it?",
        "what is the point of you voting against it?",
        "can you count to ten volunteers for Saturday?",
        "f-f-freezing at the count tonight",
    ],
)
def test_a_hard_question_a_volunteer_count_or_the_cold_is_no_insult(read_by_rules, text):
    assert_no_rule(read_by_rules(text), "insult aimed at a person")


@pytest.mark.parametrize(
    "text", ["why do they let downies stand", "shirtlifter", "you're a spacker", "he-she"]
)
def test_a_slur_added_in_1_1_4_is_identity_hate(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "slur", text)


def test_us_lezzers_naming_ourselves_slurs_no_one(score_one):
    assert_passed(score_one("us lezzers at pride this weekend"), "us lezzers")


@pytest.mark.parametrize(
    "text",
    [
        "born David, still David",
        "it/its pronouns for that one",
        "pride month is their excuse to lure kids",
        "*puts on accent* 'vote for me'",
        "he's basically a gorilla in a suit",
        "if you don't like it here there's boats going back daily",
        "🦍🦍 @user",
        "bacon through her letterbox would sort her out",
        "pig's head outside the gurdwara",
        "suicide vest sadia strikes again",
        "says one thing to us and the opposite in urdu",
    ],
)
def test_a_deadname_an_accent_an_ape_or_pork_at_the_door_is_a_hate_trope(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "a hate trope", text)


@pytest.mark.parametrize(
    "text",
    [
        "born here, still here",
        "the new skate park will lure kids away from the high street",
        "you cheeky monkey, thanks for the leaflets",
        "🙈🙉🙊 couldn't watch the debate",
        "bacon rolls at the door of the campaign office",
        "stop whinging about the bins, if you don't like it we'll fix it",
    ],
)
def test_a_local_a_skate_park_a_cheeky_monkey_or_bacon_rolls_are_no_hate_trope(read_by_rules, text):
    assert_no_rule(read_by_rules(text), "a hate trope")


@pytest.mark.parametrize(
    "text",
    [
        "13/52 in this ward, look it up",
        "the JQ again",
        "88 to the true patriots",
        "white genocide is real",
        "the natives were never asked",
        "we're a minority in our own country now",
        "they're invaders, not refugees",
        "what was her family name before they came here?",
        "the echo is strong with this one",
    ],
)
def test_a_number_code_replacement_talk_or_a_surname_hint_is_coded_hate(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "coded hate", text)


@pytest.mark.parametrize(
    "text",
    [
        "the 88 to all stops via Leeds",
        "native bluebells are being replaced by Spanish ones",
        "the echo is strong in the new chamber",
        "reported an account putting (((echo))) round our cllr's name, antisemitic",
    ],
)
def test_a_bus_a_bluebell_an_echo_or_a_reported_code_is_no_coded_hate(read_by_rules, text):
    assert_no_rule(read_by_rules(text), "coded hate")


@pytest.mark.parametrize(
    "text",
    [
        "8/10, would be 10 with her top off",
        "caught her bending over at the polling station 😏",
        "wanna see you in lingerie",
    ],
)
def test_clothes_off_bending_over_or_lingerie_is_sexual(score_one, text):
    assert_flagged_by_rule(score_one(text), "sexual_harassment", "sexual harassment", text)


@pytest.mark.parametrize(
    "text",
    ["he's bending over backwards to help", "with everything off the table we start again"],
)
def test_bending_over_backwards_or_options_off_the_table_is_not_sexual(read_by_rules, text):
    assert_no_floor(read_by_rules(text), "sexual_harassment")


@pytest.mark.parametrize(
    "text",
    [
        "'she slept her way to the top' is the oldest lie they tell about women in politics",
        "'diversity hire' is what people say when they've run out of arguments",
        "anyone calling him a 'groomer' should be reported",
    ],
)
def test_a_quote_called_a_lie_or_its_callers_told_off_is_counter_speech(read_by_rules, text):
    assert read_by_rules(text).context.startswith("rule: counter-speech"), text


def test_agreeing_with_the_callers_is_not_counter_speech(read_by_rules):
    rules = read_by_rules("people calling her a 'diversity hire' are right")
    assert not rules.context.startswith("rule: counter-speech")


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("hope Cllr Hale feels better soon, nasty bug", "sympathy"),
        ("we're coming for your seat in May", "an election"),
        ("give her a follow, she's smashing it", "a call to support"),
    ],
)
def test_sympathy_an_election_or_support_lowers_the_models_score(read_by_rules, text, context):
    rules = read_by_rules(text)
    assert rules.context.startswith(f"rule: {context}"), rules.context
    assert rules.dampen < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "see you at the count, traitor",
        "you'll be hearing from us. not the ballot box kind.",
        "hope you lose your seat and your life",
        "so proud of our councillor 🙄 lol, see you at the election",
    ],
)
def test_an_insult_a_menace_or_a_sneer_beside_an_election_is_not_goodwill(read_by_rules, text):
    rules = read_by_rules(text)
    assert rules.dampen == 1.0 or not rules.context.startswith("rule: an election"), rules.context


@pytest.mark.parametrize(
    "text",
    [
        "I'll be called racist for saying this but grooming gangs are a Muslim problem",
        "They call us racist for saying it, but remigration is the only answer",
        "Call me islamophobic if you like, they don't belong here",
        "Calling it racist won't stop us. Send them all back",
    ],
)
def test_a_bigot_label_disowned_in_advance_is_not_counter_speech(score_one, text):
    result = score_one(text)
    assert not any(line.startswith("rule: counter-speech") for line in result.explanation), (
        text,
        result.explanation,
    )


@pytest.mark.parametrize(
    "text",
    [
        "I'll be called a fascist for saying this, but calling her a slut is disgusting",
        "Call me a bigot, but no one should call her a whore",
        "He keeps trying to call me a racist name in the comments, reported it",
        "They called me racist for asking about the budget, which is ridiculous",
    ],
)
def test_a_condemnation_after_a_disowned_label_is_still_counter_speech(score_one, text):
    result = score_one(text)
    assert result.explanation[0].startswith("rule: counter-speech"), result.explanation
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "wishing you a safe drive home, shame if your brakes failed",
        "Safe travels councillor, would be a pity if the brakes gave out on the motorway",
    ],
)
def test_a_good_wish_with_harm_left_to_the_imagination_is_no_good_wish(score_one, text):
    result = score_one(text)
    assert "rule: sympathy or good wishes" not in result.explanation, result.explanation
    assert result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "The abuse she gets for being Muslim is disgusting and needs to stop",
        "The abuse of Muslims on this thread is disgusting",
        "Racism against black people is vile",
        "Attacking someone for being gay is disgusting",
    ],
)
def test_condemning_abuse_of_a_group_is_no_derogatory_claim_about_it(score_one, text):
    result = score_one(text)
    assert not any("derogatory claim" in line for line in result.explanation), result.explanation
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize("text", ["Being gay is disgusting", "Muslims are disgusting"])
def test_a_group_judged_as_the_subject_is_still_a_derogatory_claim(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "dehumanising", text)


@pytest.mark.parametrize(
    "text",
    [
        "People who say women are too emotional for politics haven't met our leader",
        "Anyone who thinks disabled people are lazy clearly never met my sister",
    ],
)
def test_those_who_say_it_answered_with_a_rebuttal_is_counter_speech(score_one, text):
    result = score_one(text)
    assert result.explanation[0].startswith("rule: counter-speech"), result.explanation
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "People who say women are too emotional for politics are right",
        "Anyone who thinks Muslims are dangerous is spot on",
    ],
)
def test_agreeing_with_those_who_say_it_is_no_counter_speech(score_one, text):
    result = score_one(text)
    assert not any(line.startswith("rule: counter-speech") for line in result.explanation)
    assert result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "She said 'all Muslims should be deported' at the hustings and nobody challenged her",
        "He told me 'women belong in the kitchen' and laughed. I'm done with this branch.",
        "Someone shouted 'go back to Africa' at our canvasser today",
    ],
)
def test_another_persons_words_quoted_as_theirs_are_a_report(score_one, text):
    result = score_one(text)
    assert result.explanation[0].startswith("rule: counter-speech"), result.explanation
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "Someone said 'you should be hanged' and I agree",
        "He said 'she should be raped' lol",
        "She said 'all Muslims should be deported' and she's right",
    ],
)
def test_words_quoted_and_then_taken_up_are_no_report(score_one, text):
    result = score_one(text)
    assert not any(line.startswith("rule: counter-speech") for line in result.explanation)
    assert result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "I'd rather die than vote for you",
        "I would rather eat glass than listen to another of your speeches",
    ],
)
def test_the_writers_own_rather_die_than_is_no_threat(score_one, text):
    result = score_one(text)
    assert result.explanation[0].startswith("rule: the writer's own"), result.explanation
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "I'd rather die than vote for you. Watch your back",
        "I'd rather die than vote for your lot. Hope you die first",
    ],
)
def test_rather_die_than_with_harm_besides_is_still_flagged(score_one, text):
    result = score_one(text)
    assert not any(line.startswith("rule: the writer's own") for line in result.explanation)
    assert result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "Lost 3-1 to the Lib Dem office team. We'll kill them in the rematch",
        "we're going to destroy them at five-a-side on thursday",
    ],
)
def test_a_game_named_after_the_words_is_no_threat(score_one, text):
    result = score_one(text)
    assert not any(line.startswith("rule: threat") for line in result.explanation), result
    assert_passed(result, text)


@pytest.mark.parametrize(
    "text",
    [
        "Bankers should be lined up against a wall",
        "Every one of these councillors needs to be put up against the wall",
    ],
)
def test_people_stood_against_a_wall_is_a_threat(score_one, text):
    assert_flagged_by_rule(score_one(text), "threat", "threat", text)


@pytest.mark.parametrize(
    "text",
    [
        "(((hugs))) to Sue who has been on the phones all week",
        "14 words or fewer: why should anyone vote for you?",
        "Sum up the manifesto in 14 words. I dare you.",
    ],
)
def test_a_hug_and_a_word_count_are_not_read_as_dog_whistles(score_one, text):
    result = score_one(text)
    assert not any("dog whistle" in line for line in result.explanation), result.explanation


def test_a_hug_for_a_volunteer_is_passed(score_one):
    text = "(((hugs))) to Sue who has been on the phones all week"
    assert_passed(score_one(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "We must secure the existence of our people. Remember that at the ballot box",
        "vote for a future for white children, not for her",
        "@user nothing but a Rothschild puppet",
        "(((Goldberg))) again, who would have guessed",
    ],
)
def test_codes_written_out_are_dog_whistles(score_one, text):
    assert_flagged_by_rule(score_one(text), "identity_attack", "coded hate", text)


def test_a_group_denied_the_vote_others_have_is_an_identity_attack(score_one):
    text = "disabled people don't deserve the same vote as people who actually contribute"
    result = score_one(text)
    assert "identity_attack" in result.flagged_labels, (text, result.explanation)


def test_a_group_that_does_not_deserve_abuse_is_defended(score_one):
    text = "Disabled people don't deserve this abuse for asking for ramps"
    assert_passed(score_one(text), text)


@pytest.mark.parametrize(
    "text",
    [
        'Someone shouted "paki" at @user outside the library today. That word has no place in '
        "our town.",
        "What landed in my DMs overnight: 'go back to where you came from you paki'. Logged with "
        "the police.",
        "To the man who shouted 'tranny' at our member at the stall today: you don't speak for "
        "this town.",
        'the word "pikey" is an ethnic slur against Travellers, not banter',
    ],
)
def test_a_slur_shouted_sent_or_named_as_a_word_and_condemned_is_counter_speech(score_one, text):
    result = score_one(text)
    assert result.explanation[0].startswith("rule: counter-speech"), result.explanation
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        '"travellers are all thieves", they call that racism now? it\'s just true.',
        '"muslims are all terrorists" - racist? no, that\'s the truth',
        "Someone called @user a 'jungle bunny' and honestly? they're not wrong",
        "people reporting the lad who called her a 'stupid slag'. if the cap fits",
    ],
)
def test_a_quote_vouched_for_as_true_is_no_counter_speech(score_one, text):
    result = score_one(text)
    assert not any(line.startswith("rule: counter-speech") for line in result.explanation)
    assert result.flagged, (text, result.explanation)


def test_a_man_in_a_dress_is_still_a_man_misgenders(score_one):
    text = "Reposting what was said about our candidate: 'a man in a dress is still a man'. Facts."
    result = score_one(text)
    assert "identity_attack" in result.flagged_labels, (text, result.explanation)
    assert result.target == "lgbti", result.target


@pytest.mark.parametrize(
    "text",
    [
        "Cllr Pettifer just blocked half the estate for asking about bins. her replies are still "
        "open though 👀",
        "Shame if everyone at Harcourt & Lane Solicitors found out what their new associate posts "
        "at night",
        "shame if his boss found out what he gets up to on here",
    ],
)
def test_replies_left_open_or_an_employer_left_to_find_out_is_a_pile_on(score_one, text):
    assert_flagged_by_rule(score_one(text), "abuse", "a call to pile on", text)


@pytest.mark.parametrize(
    "text",
    [
        "the consultation's replies are open until Friday, please have your say",
        "Cllr Ward: her replies are open for questions about the budget tonight",
    ],
)
def test_replies_open_for_a_purpose_or_a_time_is_no_pile_on(read_by_rules, text):
    assert_no_rule(read_by_rules(text), "a call to pile on")


@pytest.mark.parametrize(
    "text",
    [
        "As a second-generation Irish councillor I get asked 'where are you really from' at "
        "least once a canvass. Still mostly lovely doorsteps!",
        "At the stall a man asked me 'where are you really from' and walked off",
    ],
)
def test_a_question_the_writer_is_asked_is_a_record_of_abuse(score_one, text):
    result = score_one(text)
    assert result.explanation[0].startswith("rule: counter-speech"), result.explanation
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "if I see you at the surgery on Saturday I'll put you through the window. not joking.",
        "If I was 30 years younger Mr Pryce I would give you a bloody good hiding.... Kind regards",
        "Tell Claire her card's marked and she wants to watch her car of a night",
        "Someone should rape some sense into that councillor",
    ],
)
def test_british_menace_is_a_threat(score_one, text):
    assert_flagged_by_rule(score_one(text), "threat", "threat", text)


def test_a_kicking_at_the_ballot_box_is_no_threat(read_by_rules):
    text = "Voters will give them a good kicking at the ballot box"
    assert_no_rule(read_by_rules(text), "threat")


@pytest.mark.parametrize(
    "text",
    [
        "It's not hate to say Cllr Okafor is a man. It's biology.",
        "genuinely asking since 'she' wants to use the same changing rooms as my daughter",
        "@user is it true you had 'the op'? voters have a right to know",
        "our new councillor is a biological male, whatever the leaflet says",
    ],
)
def test_misgendering_without_a_slur_is_an_identity_attack(score_one, text):
    result = score_one(text)
    assert "identity_attack" in result.flagged_labels, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "Cllr Ade uses she/her and she is brilliant on housing",
        "Her pronouns are in her bio and she answers every email",
    ],
)
def test_pronouns_used_with_respect_are_passed(score_one, text):
    assert_passed(score_one(text), text)


def test_children_watched_at_the_school_gate_is_doxxing(score_one):
    text = "Your kids are growing up fast Cllr Bell. Saw them at the school gate this morning."
    assert_flagged_by_rule(score_one(text), "doxxing", "doxxing", text)


@pytest.mark.parametrize(
    "text",
    [
        "We know your routine is packed Sarah, so we've moved the meeting to 7pm",
        "We've got your address for the thank-you card, everyone at Elm Court says thanks",
    ],
)
def test_a_busy_routine_and_a_thank_you_card_are_no_threat(read_by_rules, text):
    rules = read_by_rules(text)
    assert_no_rule(rules, "threat")
    assert_no_rule(rules, "doxxing")


def test_a_hitler_gif_sent_to_a_councillor_is_coded_hate(score_one):
    text = "*gif of Hitler waving* welcome to the council Cllr Stein"
    assert_flagged_by_rule(score_one(text), "identity_attack", "coded hate", text)


@pytest.mark.parametrize("group", ["Muslims", "gay people", "refugees", "Travellers"])
def test_a_group_put_in_cages_is_an_identity_attack(score_one, group):
    text = f"{group} belong in cages"
    assert_flagged_by_rule(score_one(text), "identity_attack", "exclusion", text)


@pytest.mark.parametrize("group", ["Muslims", "trans people", "disabled people", "immigrants"])
def test_asking_why_people_hate_a_group_is_counter_speech(score_one, group):
    text = f"Why do so many people hate {group}? It makes no sense"
    result = score_one(text)
    assert result.explanation[0].startswith("rule: counter-speech"), result.explanation
    assert not result.flagged, (text, result.explanation)


def test_asking_why_and_answering_with_a_reason_is_no_counter_speech(read_by_rules):
    text = "Why do people hate immigrants? Because they take everything"
    assert_no_rule(read_by_rules(text), "counter-speech")


@pytest.mark.parametrize("group", ["Muslims", "women", "trans people", "refugees"])
def test_a_call_to_listen_to_a_group_is_decided_as_positive(score_one, group):
    text = f"We should listen to {group} about what they need"
    result = score_one(text)
    assert "rule: positive or neutral statement about a group" in result.explanation
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "Case note 14/03: voicemail for Cllr Okafor, verbatim: 'tell that paki I know where the "
        "surgery is held.' Passed to police and our security lead.",
        "CCTV from my shop last night. Lad spray-painted 'PAKI SHOP - BURN IT' on the shutter. "
        "Police have the footage.",
        "Saw this written on the bus shelter: 'GYPPOS OUT - VOTE LIKE IT'. Rang the council to get "
        "it cleaned off.",
    ],
)
def test_abuse_quoted_into_a_record_for_the_police_or_the_council_is_counter_speech(
    score_one, text
):
    result = score_one(text)
    assert result.explanation[0].startswith("rule: counter-speech"), result.explanation
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "She's 'reporting' being called a raghead. Boo hoo. Fuck off back to your mosque then",
        "Someone wrote 'GYPPOS OUT' on the bus shelter and honestly? Fair play. Vote like it.",
    ],
)
def test_a_report_mocked_or_applauded_is_no_counter_speech(score_one, text):
    result = score_one(text)
    assert not any(line.startswith("rule: counter-speech") for line in result.explanation)
    assert result.flagged, (text, result.explanation)


def test_nothing_against_a_group_but_is_no_counter_speech(read_by_rules):
    text = "I've got nothing against gays, I just don't think they should be allowed near kids."
    assert_no_rule(read_by_rules(text), "counter-speech")


@pytest.mark.parametrize(
    "text",
    [
        "our MP voted against free school meals and then posted a pic at a food bank?? hypocrite",
        "Cllr Royce told the inquiry he'd 'never met' the developer. There are photos of them at a "
        "dinner together. Liar. Resign today.",
    ],
)
def test_liar_or_hypocrite_after_the_record_is_criticism(read_by_rules, text):
    assert_no_rule(read_by_rules(text), "insult")


def test_liar_with_nothing_before_it_is_still_an_insult(read_by_rules):
    rules = read_by_rules("@user you're a liar")
    assert any(note.startswith("rule: insult") for note in rules.notes), rules.notes


@pytest.mark.parametrize(
    "text",
    [
        "Spine of a jellyfish and the personality of a wet weekend in Rhyl",
        "She's got the brains of a garden gnome and half the charm",
        "You're nothing. You were nothing before you got elected",
        "You're not a councillor, you're a pot plant the party waters twice a year",
    ],
)
def test_contempt_by_comparison_is_an_insult(score_one, text):
    assert_flagged_by_rule(score_one(text), "insult", "insult", text)


def test_calling_yourself_a_waste_of_oxygen_is_no_insult(score_one):
    text = "I am a waste of oxygen before my first coffee, sorry to the 8am committee"
    assert_passed(score_one(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "Anyone else's heart skip when they heard he'd collapsed? Gutted he's pulled through",
        "She's lost her dad? Good. Now she knows how the families she cut feel",
        "The day I read his obituary I'm cracking open the champagne",
        "Tick tock Margaret. Karma doesn't forget and neither do we",
    ],
)
def test_harm_wished_by_euphemism_is_a_threat(score_one, text):
    assert_flagged_by_rule(score_one(text), "threat", "threat", text)


@pytest.mark.parametrize(
    "text",
    [
        "Someone put her on a calendar for the fundraiser. Bikini edition obvs",
        "Nice to see the Hon Member has finally found a bra that fits",
        "Ranking the female MPs by what they'd be like on a night out. Thread",
        "the new candidate is a 10 tbf. policies a 2 but who's reading them",
    ],
)
def test_a_woman_rated_or_undressed_is_sexual_harassment(score_one, text):
    assert_flagged_by_rule(score_one(text), "sexual_harassment", "sexual", text)


@pytest.mark.parametrize(
    "text",
    [
        "@user @user this is the one I was on about. Do your thing",
        "Her column in the Gazette has comments open. Thought you'd all like to know",
        "Her church is St Michael's on Booth St. Maybe the congregation should hear what she "
        "really thinks of people like us",
        "She's a teaching assistant at Greenfield Primary. Wonder what the parents' WhatsApp "
        "would make of her views",
        "Who's got Kemi Adewale's mobile? It was on a leaflet in 2019",
        "Already emailed her firm's HR about her. Addresses below if anyone else wants to add "
        "their voice",
    ],
)
def test_a_crowd_pointed_at_her_circle_or_her_accounts_is_a_pile_on(score_one, text):
    assert_flagged_by_rule(score_one(text), "abuse", "a call to pile on", text)


@pytest.mark.parametrize(
    "text",
    [
        "Year 10 asked me today if 'all Muslims want sharia law in Britain'. Spent a lesson on it",
        "Refugees do not 'get council houses before locals'. They wait on the same list as us",
        "'Disabled people are so lazy,' says man who has never renewed a blue badge in his life",
        "To whoever chalked 'feminists hate men' outside the SU: try again.",
        "'Jews are more loyal to Israel than to Britain.' I'm a rabbi. The dual loyalty smear "
        "needs to go.",
    ],
)
def test_a_claim_quoted_to_be_asked_about_denied_or_mocked_is_counter_speech(score_one, text):
    result = score_one(text)
    assert result.explanation[0].startswith("rule: counter-speech"), result.explanation
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "Refugee 'children' arriving with full beards again. Who needs ID anyway",
        "Gay councillors, trans councillors, Muslim councillors... is there a single normal "
        "person left on this council?",
        "women are biologically less suited to leadership. Cllr Hayes proves it",
        "Cllr Jordan identifies as a woman. I identify as a lamp post.",
        "Is the new Green candidate a bit 'special'? Genuinely asking",
    ],
)
def test_identity_hate_without_a_slur_is_flagged(score_one, text):
    result = score_one(text)
    assert "identity_attack" in result.flagged_labels, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "Women are not less suited to leadership, whatever Keith says",
        "Refugees don't belong in cages",
    ],
)
def test_a_denied_exclusion_is_not_read_as_the_exclusion(read_by_rules, text):
    assert_no_rule(read_by_rules(text), "exclusion")


def test_a_threat_report_met_with_actions_have_consequences_is_no_counter_speech(read_by_rules):
    text = "Another female MP 'receiving threats'. Actions have consequences, sweetheart."
    assert_no_rule(read_by_rules(text), "counter-speech")


def test_her_is_not_he_r_to_the_insult_rules(read_by_rules):
    text = "Sian is a star. If anyone calls her thick again they'll have me to deal with"
    assert_no_rule(read_by_rules(text), "insult")


def test_she_is_thick_is_still_an_insult(read_by_rules):
    rules = read_by_rules("@user she's thick as mince")
    assert any(note.startswith("rule: insult") for note in rules.notes), rules.notes


@pytest.mark.parametrize(
    "text",
    [
        "Saw a guy shout 'cripple' at our candidate as she got out of her car. We've given his "
        "description to the police.",
        "Jess, seeing 'tranny' scrawled on your car made me so angry. Lift to branch is on me.",
    ],
)
def test_a_slur_shouted_or_scrawled_and_reported_is_counter_speech(score_one, text):
    result = score_one(text)
    assert result.explanation[0].startswith("rule: counter-speech"), result.explanation
    assert not result.flagged, (text, result.explanation)


def test_a_threat_someone_else_was_told_is_reported_not_made(read_by_rules):
    text = "Pete mate, ignore the muppet who told you to go and die in a home. You were brilliant"
    assert_no_rule(read_by_rules(text), "threat")


def test_a_child_going_to_school_is_no_school_named(read_by_rules):
    assert_no_rule(read_by_rules("Her daughter goes to school in the next town over"), "doxxing")


def test_a_childs_school_named_is_doxxing(read_by_rules):
    rules = read_by_rules("her daughter goes to St Mary's on Elm Road")
    assert any(note.startswith("rule: doxxing") for note in rules.notes), rules.notes


def test_go_and_die_said_to_someone_is_still_a_threat(score_one):
    text = "@user go and die in a home, you useless old man"
    assert_flagged_by_rule(score_one(text), "threat", "threat", text)


def test_weve_got_your_address_with_no_card_in_sight_is_still_doxxing(score_one):
    text = "We've got your address, councillor"
    assert_flagged_by_rule(score_one(text), "doxxing", "doxxing", text)


AFFIRMED = "rule: a group affirmed (its rights, worth or belonging)"


@pytest.mark.parametrize(
    "text",
    [
        "Women should be paid the same as men for the same job.",
        "Gay couples should be allowed to adopt. Plenty of kids need a loving home.",
        "Asylum seekers should be allowed to work while they wait, it's not complicated",
        "Disabled people deserve to get on a bus without a fight every single morning.",
        "Muslim women have every right to wear a headscarf to work.",
        "Trans people deserve healthcare without a five-year wait.",
        "British Sikhs are British. Full stop.",
        "Immigrants are people, not statistics.",
        "Non-binary people exist and always have.",
        "migrants keep our care homes running",
        "protect trans kids",
        "Black women belong in parliament",
    ],
)
def test_a_group_affirmed_is_not_flagged(score_one, text):
    result = score_one(text)
    assert not result.flagged, (text, result.explanation)
    assert AFFIRMED in result.explanation or "positive" in " ".join(result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "Jews keep the banks running, as always",
        "Trans women are real men",
        "Protect our women from these migrants",
        "Muslims have every right to go home",
        "Black people are human too, just less evolved",
        "Women are just as capable as men, as long as it's cooking",
        "Immigrants are British citizens now, deport them anyway",
        "Gay people deserve what's coming to them",
        "Refugees should be allowed to go back where they came from",
    ],
)
def test_an_affirmation_with_a_sting_is_not_read_as_one(read_by_rules, text):
    assert read_by_rules(text).context != AFFIRMED, text


@pytest.mark.parametrize(
    "text",
    [
        "Jews keep the banks running, as always",
        "Trans women are real men",
        "Muslims have every right to go home",
        "Gay people deserve what's coming to them",
        "Immigrants are British citizens now, deport them anyway",
    ],
)
def test_an_affirmation_with_a_sting_is_flagged(score_one, text):
    assert score_one(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "trans folk in politics 🔥🔥",
        "Muslim councillors are 👍👍",
        "lesbian joy 🌈✨",
        "disabled women in parliament 💪 about time",
    ],
)
def test_a_group_cheered_with_emoji_is_not_flagged(score_one, read_by_rules, text):
    result = score_one(text)
    assert not result.flagged, (text, result.explanation)
    assert read_by_rules(text).context == "rule: a group cheered with emoji"


@pytest.mark.parametrize("text", ["Jews 🔥🔥", "gays in ovens 🔥", "Muslims are 🐷🐷"])
def test_fire_or_an_animal_beside_a_group_is_no_cheer(read_by_rules, text):
    assert read_by_rules(text).context != "rule: a group cheered with emoji", text


@pytest.mark.parametrize(
    "text",
    [
        "How many women are on the shortlist this time?",
        "When does an asylum seeker get a decision, usually?",
        "What's the difference between a refugee and a migrant in law?",
        "Is it ok to say disabled people rather than people with disabilities?",
        "Can Muslims use the community hall for Eid?",
        "How do deaf people book a BSL interpreter for the surgery?",
        "What should we put on the menu if some of the Hindu guests are vegetarian?",
    ],
)
def test_a_question_asked_to_learn_about_a_group_is_not_flagged(score_one, read_by_rules, text):
    result = score_one(text)
    assert not result.flagged, (text, result.explanation)
    assert read_by_rules(text).context == "rule: a question asked to learn about a group"


@pytest.mark.parametrize(
    "text",
    [
        "How many Muslims does it take to change a lightbulb?",
        "How many more immigrants do we have to let in?",
        "When do immigrants ever do a day's work?",
        "Where do these Muslims get off telling us what to do?",
        "What is it with women and driving?",
        "How many gays are there in the cabinet now, stupid question, all of them",
        "How do gay men get away with it?",
        "Do immigrants get free houses?",
        "Can refugees jump the queue for council housing?",
        "Can trans women use the ladies' at the count?",
        "How do Muslims fit prayer into a working day? They don't, they skive.",
    ],
)
def test_a_loaded_question_is_not_read_as_asked_to_learn(read_by_rules, text):
    assert read_by_rules(text).context != "rule: a question asked to learn about a group", text


def test_a_run_together_word_is_not_split_into_scraps():
    """ "encampments" is no "en camp men ts": pieces of two letters must be real words."""
    from upstander.classify.normalize import Normaliser

    normaliser = Normaliser()
    assert normaliser.normalise("encampments") == "encampments"
    assert normaliser.normalise("killallmuslims") == "kill all muslims"


def test_the_communitys_own_events_are_reclaimed_use(read_by_rules):
    result = read_by_rules("Dyke March on Saturday, see you all at the front!")
    assert any(note.startswith("rule: reclaimed in-group use") for note in result.notes)


def test_a_slur_before_march_at_someone_is_still_a_slur(read_by_rules):
    result = read_by_rules("you filthy dyke, march yourself out of this party")
    assert not any(note.startswith("rule: reclaimed in-group use") for note in result.notes)


@pytest.mark.parametrize(
    "text",
    [
        "no woman should ever be party leader",
        "No Muslim should be prime minister of this country",
    ],
)
def test_no_group_should_hold_a_post_is_exclusion_not_a_denial(score_one, text):
    result = score_one(text)
    assert result.flagged, (text, result.explanation)


def test_no_woman_should_be_afraid_is_still_a_denial(read_by_rules):
    assert read_by_rules("No woman should ever be afraid to walk home").context.startswith(
        "rule: negated"
    )


@pytest.mark.parametrize(
    "text",
    [
        "asylum seekers are human rubbish",
        "the white race built civilisation, the rest just live in it",
        "non-binary freaks dont belong in this party",
        "women who speak up at meetings deserve to get attacked on the way home",
    ],
)
def test_group_hate_in_plain_words_is_flagged(score_one, text):
    assert score_one(text).flagged, text


@pytest.mark.parametrize(
    "text", ["There is no such thing as a master race", "PC master race, console peasants"]
)
def test_master_race_denied_or_joked_about_is_no_supremacy(read_by_rules, text):
    assert not any("master race" in note for note in read_by_rules(text).notes), text


@pytest.mark.parametrize(
    "text",
    [
        "asylum seekers in four star hotels while my nan waits. send them back",
        "stop dumping more refugees on our town",
        "deport all the migrants, every last one",
        "the foreigners clogging up our GP surgeries",
    ],
)
def test_a_group_sent_away_or_dumped_is_exclusion(read_by_rules, text):
    assert any(note.startswith("rule: exclusion") for note in read_by_rules(text).notes), text


@pytest.mark.parametrize(
    "text",
    [
        "The government wants to deport refugees to Rwanda. Shameful.",
        "Stop deporting refugees who have lived here for twenty years",
        "Ban gay and trans conversion practices, no loopholes",
    ],
)
def test_deportation_or_a_ban_debated_as_policy_is_no_exclusion(read_by_rules, text):
    assert not any(note.startswith("rule: exclusion") for note in read_by_rules(text).notes), text


def test_a_ban_that_protects_a_group_is_not_flagged(score_one):
    result = score_one("ban gay conversion therapy now")
    assert not result.flagged, result.explanation


def test_a_ban_on_the_group_itself_is_flagged(score_one):
    assert score_one("ban gays and trans from teaching").flagged


def test_master_race_claimed_is_supremacy(read_by_rules):
    notes = read_by_rules("Aryans are the master race and always will be").notes
    assert any("master race" in note for note in notes), notes


NEGATED = "rule: negated (the abusive statement is denied or rejected)"


@pytest.mark.parametrize(
    "text",
    [
        "Women are not too emotional to be councillors.",
        "Refugees aren't illegal, seeking asylum is lawful.",
        "Jewish people don't control the banks.",
        "Disabled people are not faking their conditions.",
        "Gay men are not predators.",
        "Bisexual people aren't greedy or confused.",
        "Black lads are not naturally more aggressive than anyone else.",
    ],
)
def test_a_stereotype_denied_of_a_group_is_a_negation(score_one, read_by_rules, text):
    assert read_by_rules(text).context == NEGATED, text
    assert not score_one(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "Immigrants are not all thieves, only most of them.",
        "Jews don't control the media, they own it.",
        "Disabled people are not a burden, they're a drain on the rest of us.",
        "Muslims aren't terrorists 🙄",
        "Women are not too emotional, they are just thick.",
        "Muslims are not welcome here.",
    ],
)
def test_a_denial_with_a_claim_beside_it_is_no_negation(read_by_rules, text):
    assert read_by_rules(text).context != NEGATED, text


SARCASM = "rule: sarcastic praise of a protected group, then a sneer"


@pytest.mark.parametrize(
    "text",
    [
        "Oh great, more Albanians on the high street. What could possibly go wrong?",
        "Fantastic, another Roma camp by the school. Hide your bikes.",
        "Lovely, Somalis in the new flats. Say goodbye to a quiet night's sleep.",
        "Brilliant, more refugees in the Travelodge. Our crime figures were looking far too low.",
    ],
)
def test_sarcastic_praise_of_a_group_with_a_sneer_is_flagged(score_one, read_by_rules, text):
    assert SARCASM in read_by_rules(text).notes, text
    assert score_one(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "Oh brilliant, another Diwali celebration at the town hall. Can't wait!",
        "Great news, more Syrian families settling in the village. Can't wait to see what "
        "they bring to the fete.",
        "Brilliant turnout from Sikh volunteers at the litter pick. Not a single bag left "
        "unfilled.",
        "So proud of our Polish volunteers. Not one of them missed a shift.",
    ],
)
def test_praise_of_a_group_without_a_sneer_is_not_read_as_sarcasm(read_by_rules, text):
    assert SARCASM not in read_by_rules(text).notes, text


@pytest.mark.parametrize(
    "text",
    [
        '"Bisexuals are just greedy"? That\'s biphobia, plain and simple.',
        '"Go back to your own country" is xenophobic and we reported it.',
    ],
)
def test_a_quote_called_biphobic_or_xenophobic_is_counter_speech(score_one, read_by_rules, text):
    assert read_by_rules(text).context.startswith("rule: counter-speech"), text
    assert not score_one(text).flagged, text


@pytest.mark.parametrize(
    "word", ["Afghans", "Syrians", "Kurds", "Albanians", "Ukrainians", "Bangladeshis", "Eritreans"]
)
def test_more_nationalities_are_groups_the_rules_see(word):
    from upstander.classify.features import mark_groups

    assert "grpx" in mark_groups(f"{word.lower()} in the village hall").text, word


@pytest.mark.parametrize(
    "text",
    [
        "Deaf people should be allowed to attend planning meetings with a BSL interpreter.",
        "Wheelchair users should be allowed to board a train without booking a day ahead.",
        "Women deserve to walk through the park at night without a second thought.",
        "Disabled children deserve to grow up in homes that fit them.",
    ],
)
def test_a_group_allowed_or_owed_an_everyday_thing_is_affirmed(score_one, read_by_rules, text):
    assert read_by_rules(text).context == AFFIRMED, text
    assert not score_one(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "Immigrants deserve to walk the plank.",
        "Gay men should be allowed to get on the next flight out.",
        "Refugees deserve a one-way ticket home.",
    ],
)
def test_a_group_sent_away_in_an_idiom_is_not_affirmed(score_one, read_by_rules, text):
    assert read_by_rules(text).context != AFFIRMED, text
    assert score_one(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "If you think \"Sikhs can't be British\", you don't understand this country.",
        '"Women should stay at home" stops being a joke when it\'s shouted at a candidate.',
        "\"Send the Poles home\" isn't funny, it's what my dad heard in 1980.",
    ],
)
def test_a_quote_called_no_joke_or_not_understood_is_counter_speech(read_by_rules, text):
    assert read_by_rules(text).context.startswith("rule: counter-speech"), text


@pytest.mark.parametrize(
    "text",
    [
        "I will never respect a Muslim.",
        "We will never treat immigrants as our equals.",
        "I don't see gay men as normal.",
        "Nothing makes me angrier than Travellers.",
    ],
)
def test_equality_or_respect_refused_to_a_group_is_hate(score_one, read_by_rules, text):
    assert any(note.startswith("rule: hatred") for note in read_by_rules(text).notes), text
    assert score_one(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "Never treat women as objects.",
        "I will never treat anyone differently for being gay.",
        "Nothing makes me angrier than the abuse Travellers get.",
    ],
)
def test_equality_refused_look_alikes_are_not_hate(read_by_rules, text):
    assert not any(note.startswith("rule: hatred") for note in read_by_rules(text).notes), text


@pytest.mark.parametrize(
    "text",
    [
        "I want Travellers gone from this town.",
        "Refugees keep arriving every week and we need them all gone.",
    ],
)
def test_a_group_wanted_gone_is_exclusion(read_by_rules, text):
    assert any(note.startswith("rule: exclusion") for note in read_by_rules(text).notes), text


@pytest.mark.parametrize(
    "text",
    [
        "Why are all Sikhs so greedy?",
        "Why are disabled folk such a burden?",
        "I met some Muslims at work and they were as filthy as ever.",
        "Lesbians always say they're fine but they are just liars.",
    ],
)
def test_derogation_asked_or_said_of_them_later_is_flagged(score_one, read_by_rules, text):
    assert any(note.startswith("rule: dehumanising") for note in read_by_rules(text).notes), text
    assert score_one(text).flagged, text


def test_a_question_about_a_group_left_out_is_no_derogation(read_by_rules):
    notes = read_by_rules("Why are disabled people so often left out of planning?").notes
    assert not any(note.startswith("rule: dehumanising") for note in notes), notes


@pytest.mark.parametrize(
    "text",
    ["Grab a bundle of faggots for the fire.", "The tranny in my van needs a new clutch."],
)
def test_a_homonym_of_a_slur_in_its_own_sense_is_no_slur(read_by_rules, text):
    assert not any(note.startswith("rule: slur") for note in read_by_rules(text).notes), text


@pytest.mark.parametrize(
    "text",
    [
        '"Gypsies are thieves" is prejudice, plain and simple.',
        "People who call lesbians disgusting should be ashamed.",
        'If you say "Muslims are vermin", you are the problem.',
    ],
)
def test_hate_quoted_or_referred_to_and_called_prejudice_is_counter_speech(read_by_rules, text):
    assert read_by_rules(text).context.startswith("rule: counter-speech"), text


@pytest.mark.parametrize(
    "text",
    [
        "We dykes are leading the march this year.",
        "Me and my fellow queers are off to the quiz tonight.",
        "I'm a big old poof and proud of it.",
    ],
)
def test_a_speaker_naming_themself_with_a_reclaimed_word_is_decided(score_one, read_by_rules, text):
    result = read_by_rules(text)
    assert result.dampen <= 0.3, (text, result.notes)
    assert not score_one(text).flagged, text


def test_a_reclaimed_word_beside_a_threat_is_left_to_the_models(score_one, read_by_rules):
    text = "We dykes will batter you."
    assert read_by_rules(text).dampen > 0.3
    assert score_one(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "Gay men disgust me, honestly.",
        "Hindus are brutal and ignorant.",
        "This estate was lovely before the Somalis moved in.",
        "So many Poles on my course. They're all cheats.",
        "Refugees have never contributed anything to this country.",
        "Deaf people are not as capable as everyone else.",
    ],
)
def test_hate_without_slurs_in_functional_forms_is_flagged(score_one, text):
    assert score_one(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "It's simply not true that Travellers are thieves.",
        "Your post about trans women was vile and I've reported it.",
        "Muslims have enriched this town in countless ways.",
    ],
)
def test_a_denial_a_judged_comment_or_praise_in_those_forms_is_not_flagged(score_one, text):
    assert not score_one(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "Nipped out for a quick fag before the meeting.",
        "Salt can retard the growth of mould.",
        "The hall was spic and span for the count.",
    ],
)
def test_more_homonyms_of_slurs_are_no_slurs(read_by_rules, text):
    assert not any(note.startswith("rule: slur") for note in read_by_rules(text).notes), text


def test_a_derived_word_is_not_split_into_two(read_by_rules):
    from upstander.classify.normalize import Normaliser

    assert Normaliser().normalise("countless harmless kindness") == "countless harmless kindness"


_PLAIN_FACT = "rule: a plain fact about a group (its customs, home or members)"


@pytest.mark.parametrize(
    "text",
    [
        "Most Hindus celebrate Holi in the spring.",
        "Sikh men often wear a turban.",
        "Many autistic people use screen readers at work.",
        "Blind people often use guide dogs.",
        "Muslims pray five times a day.",
        "There are lots of Somali families in our ward.",
        "My husband is a Muslim man.",
    ],
)
def test_a_plain_fact_about_a_group_is_not_flagged(score_one, read_by_rules, text):
    result = score_one(text)
    assert not result.flagged, (text, result.explanation)
    assert read_by_rules(text).context == _PLAIN_FACT


@pytest.mark.parametrize(
    "text",
    [
        "Muslims wear bombs under their coats.",
        "Jews celebrate Passover by laughing at us.",
        "Sikhs wear turbans to hide things.",
        "Muslims wear their stupid hijabs everywhere.",
        "Muslims keep their women in burqas.",
        "There are far too many Polish people in our ward.",
        "There is a large Muslim community in Luton and it's a disgrace.",
        "I am a disabled man and you are scum.",
    ],
)
def test_a_claim_dressed_as_a_plain_fact_is_not_read_as_one(read_by_rules, text):
    assert read_by_rules(text).context != _PLAIN_FACT, text


_AT_A_THING = "rule: aimed at a thing or a pest, not a person"


@pytest.mark.parametrize(
    "text",
    [
        "I hate broccoli.",
        "I despise Marmite with every fibre of my being.",
        "My phone is a useless piece of junk.",
        "This printer is a useless piece of crap.",
        "Wasps are evil, kill them all.",
        "Pigeons are disgusting vermin.",
        "Seagulls are flying rats, shoot the lot of them.",
        "Slugs have eaten every lettuce I planted, I hate them.",
    ],
)
def test_abuse_aimed_at_a_thing_or_a_pest_is_not_flagged(score_one, read_by_rules, text):
    result = score_one(text)
    assert not result.flagged, (text, result.explanation)
    assert read_by_rules(text).context == _AT_A_THING


@pytest.mark.parametrize(
    "text",
    [
        "That film was total garbage, like the idiot who made it.",
        "My laptop is a piece of shit and so are you.",
        "Kill all the rats and the Jews.",
        "Pigeons and immigrants are vermin.",
        "Rats like you should be exterminated.",
        "The rats in the council should be exterminated.",
    ],
)
def test_a_person_named_beside_a_cursed_thing_is_still_abused(score_one, read_by_rules, text):
    result = score_one(text)
    assert result.flagged, (text, result.explanation)
    assert read_by_rules(text).context != _AT_A_THING


@pytest.mark.parametrize(
    "text",
    [
        "Somali lot at number 4: you've got three days to leave.",
        "That Polish family had better pack up before their car gets torched.",
        "The gay couple on Elm Road are going to regret moving in.",
        "You'll regret moving here, we don't want your kind.",
        "We'll burn them out if they stay.",
        "The Muslim lad at the chippy is getting a kicking if he looks at me again.",
    ],
)
def test_a_neighbour_told_to_leave_or_else_is_threatened(score_one, text):
    result = score_one(text)
    assert result.flagged, (text, result.explanation)
    assert result.labels["threat"] >= 0.5, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "I'll regret moving here if the bins aren't collected.",
        "We are going to regret moving here, the rent is mad.",
        "Our team is going to get a pasting on Saturday.",
        "You have three days to respond to the consultation.",
    ],
)
def test_leaving_or_regret_said_of_oneself_or_a_game_is_no_threat(read_by_rules, text):
    assert "threat" not in read_by_rules(text).floors, text


@pytest.mark.parametrize(
    "text",
    [
        "Oh look, more Romanians on the estate. Better lock up the bikes.",
        "Such a joy having Traveller neighbours. My garage has never been so empty.",
        "Love how every Muslim cabbie is a model citizen, we all know how that goes.",
        "Great news, a new hotel full of refugees in town. Integration goals.",
    ],
)
def test_praise_of_a_group_with_a_common_sneer_after_it_is_hate(score_one, text):
    result = score_one(text)
    assert result.flagged, (text, result.explanation)
    assert "rule: sarcastic praise of a protected group, then a sneer" in result.explanation


@pytest.mark.parametrize(
    "text",
    [
        "Such a joy having Syrian neighbours. They brought us baklava on moving day.",
        "Oh look, the Sikh volunteers have arrived with food for the flood victims.",
        "Love seeing disabled athletes at the Paralympics, inclusion in action!",
        "Brilliant news, the council has approved the new mosque for Muslims. So happy.",
    ],
)
def test_praise_of_a_group_with_no_sneer_after_it_is_praise(score_one, text):
    result = score_one(text)
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "Muslims are wrecking this country.",
        "Asylum seekers have dragged this town down.",
        "Disabled people? They take and contribute nothing.",
        "Ramps everywhere, more effort than the disabled are worth.",
        "Gay people don't belong in this party.",
        "Kids with Down's syndrome should never have been born.",
        "What is the use of keeping disabled people alive?",
        "People with Down's syndrome disgust me.",
    ],
)
def test_ruin_worthlessness_or_exclusion_claimed_of_a_group_is_hate(score_one, text):
    result = score_one(text)
    assert result.flagged, (text, result.explanation)
    assert result.labels["identity_attack"] >= 0.5, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "Refugees contribute nothing? Tell that to the nurses on my ward.",
        "Gay people don't belong here? They belong everywhere.",
        "The new bypass is ruining the town.",
    ],
)
def test_a_claim_asked_back_to_rebut_it_is_not_read_as_made(read_by_rules, text):
    assert "identity_attack" not in read_by_rules(text).floors, text


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to find one of those trans women from the rally and beat her up.",
        "@user I'll throw acid in your face.",
        "gonna stab every Muslim I see tomorrow",
        "Taking my machete to the mosque on Friday.",
        "I'm coming round to your house with a crowbar.",
        "Gonna drive my van into the Pride march.",
        "We're going to firebomb the Jewish shop on the corner.",
        "If you vote for the budget you won't make it to Christmas.",
        "@user I will find you and beat you until you stop talking about refugees",
    ],
)
def test_harm_planned_against_a_person_or_a_group_is_threatened(score_one, text):
    result = score_one(text)
    assert result.flagged, (text, result.explanation)
    assert result.labels["threat"] >= 0.5, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "Kill the lights on your way out, please.",
        "We're going to attack the budget at the next meeting.",
        "I'm bringing a hammer to fix the shelves at the community centre.",
        "Our church is raising money to fight hunger among refugees.",
        "Vandals attacked the synagogue last night and we stand with the Jewish community.",
    ],
)
def test_violent_words_that_threaten_no_one_are_no_threat(read_by_rules, text):
    assert "threat" not in read_by_rules(text).floors, text


@pytest.mark.parametrize(
    "text",
    [
        "The idea that Muslim men are a threat to women is nonsense.",
        "I don't accept that trans women are dangerous. It's a smear.",
        "Nobody in their right mind would believe refugees are invaders.",
        "I used to reckon Travellers were all thieves, then I worked with some.",
        "Disabled people are no more of a burden on the council than anyone else.",
    ],
)
def test_a_claim_about_a_group_named_and_rejected_is_a_negation(score_one, read_by_rules, text):
    result = score_one(text)
    assert not result.flagged, (text, result.explanation)
    assert read_by_rules(text).context.startswith(("rule: negated", "rule: counter-speech")), text


@pytest.mark.parametrize(
    "text",
    [
        "The idea that Muslims are taking over is spot on.",
        "I don't accept that we should house any more refugees, they're all criminals.",
    ],
)
def test_a_rejection_that_ends_in_hate_is_still_hate(score_one, text):
    result = score_one(text)
    assert result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "@user great idea housing more asylum seekers on the estate, crime was getting far too low",
        "@user thank you so much for the new mosque, exactly what this street needed",
        "@user how progressive, a gay scout leader. Nothing could possibly go wrong.",
    ],
)
def test_sarcastic_praise_in_a_reply_is_hate(score_one, text):
    result = score_one(text)
    assert result.flagged, (text, result.explanation)
    assert "rule: sarcastic praise of a protected group, then a sneer" in result.explanation


@pytest.mark.parametrize(
    "text",
    [
        "@user Windows update can rot in hell.",
        "@user the rats in the bin store need exterminating, every last one of them",
        "My phone battery is a useless piece of crap.",
    ],
)
def test_a_reply_cursing_a_thing_is_not_aimed_at_its_addressee(score_one, read_by_rules, text):
    result = score_one(text)
    assert not result.flagged, (text, result.explanation)
    assert "threat" not in read_by_rules(text).floors, text


@pytest.mark.parametrize(
    "text",
    [
        "If they open the asylum hotel we'll be there with petrol.",
        "Saturday night we give the Romanians a proper kicking.",
        "You'll need a wheelchair yourself when I'm done with you.",
        "@user the toaster is broken and you can rot in hell",
    ],
)
def test_a_promise_of_harm_is_threatened(score_one, text):
    result = score_one(text)
    assert result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "@user I'm going to smash your face in when I see you at the count",
        "I will punch your teeth down your throat",
        "gonna kick his head in after the meeting",
        "I'll knock her out if she shows up at the surgery again",
        "we're going to beat that councillor senseless",
        "There's a brick with your name on it.",
        "I'll be outside your office with a baseball bat",
        "I'm turning up at her house with a hammer tomorrow.",
    ],
)
def test_a_beating_promised_to_a_person_is_threatened(score_one, text):
    result = score_one(text)
    assert result.flagged, (text, result.explanation)
    assert result.labels["threat"] >= 0.5, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "The Greens will be crushed at the ballot box in May.",
        "The Tories are going to get wiped out in this constituency.",
        "We're going to knock them out of the cup on Saturday.",
        "She'll knock you out with her singing.",
        "I'll be outside your office with a petition at nine.",
    ],
)
def test_a_party_beaten_at_the_polls_or_a_team_knocked_out_is_no_threat(read_by_rules, text):
    assert "threat" not in read_by_rules(text).floors, text


def test_a_party_hanged_at_the_count_is_still_threatened(read_by_rules):
    assert "threat" in read_by_rules("The Tories should be hanged at the count.").floors


@pytest.mark.parametrize(
    "text",
    [
        "@user Eastern Europeans arent thieves, they work harder than anyone I know",
        "Muslim lads in our area are not terrorists.",
        "Nobody in their right mind thinks disabled people are scroungers.",
    ],
)
def test_a_stereotype_denied_in_a_reply_or_of_local_people_is_a_negation(score_one, text):
    result = score_one(text)
    assert not result.flagged, (text, result.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "The volunteers spent Sunday tying faggots of hazel for the hedge.",
        "Walking the Offa's Dyke path this weekend with the ramblers, stunning views.",
        "Lovely morning on Devil's Dyke with the dog.",
        "Our tranny van is in for its MOT.",
    ],
)
def test_a_homonym_in_its_plain_sense_names_no_slur(score_one, text):
    result = score_one(text)
    assert not result.flagged, (text, result.explanation)
    assert not any(line.startswith("rule: slur") for line in result.explanation), text


@pytest.mark.parametrize(
    "text",
    [
        "@user lovely, more refugees in the hotel. my purse cant wait to meet them",
        "Brilliant, a gurdwara next to the primary. Can't wait for the kids to start carrying "
        "knives too.",
    ],
)
def test_sarcastic_praise_with_a_sneer_at_what_a_group_brings_is_hate(score_one, text):
    result = score_one(text)
    assert result.flagged, (text, result.explanation)
    assert "rule: sarcastic praise of a protected group, then a sneer" in result.explanation


def test_praise_of_a_groups_place_with_a_plain_wish_is_praise(score_one):
    text = "Brilliant, a new gurdwara on the high street, can't wait for the langar!"
    result = score_one(text)
    assert not result.flagged, (text, result.explanation)
