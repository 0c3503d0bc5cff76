"""The demo publication: a small regional paper, written for this project."""

from typing import Any

SECTIONS = [
    ("News", "news", "What is happening across the valley and beyond.", 1),
    ("Politics", "politics", "Councils, parliament and the people who run them.", 2),
    ("Business", "business", "Employers, markets, jobs and money.", 3),
    ("Sport", "sport", "Results, fixtures and the stories behind them.", 4),
    ("Culture", "culture", "Arts, books, music and the places they happen.", 5),
]

AUTHORS = [
    ("Maya Lindqvist", "maya-lindqvist", "Local government reporter",
     "Maya covers the county council and the valley's eleven parish councils."),
    ("Tomas Okafor", "tomas-okafor", "Business editor",
     "Tomas has reported on regional industry for fifteen years."),
    ("Priya Raman", "priya-raman", "Sport reporter",
     "Priya follows the valley's football, rowing and athletics clubs."),
    ("Elliot Marsh", "elliot-marsh", "Arts correspondent",
     "Elliot writes about theatre, galleries and live music."),
    ("Hannah Cole", "hannah-cole", "Senior reporter",
     "Hannah covers transport, health and the environment."),
    ("Ruth Abara", "ruth-abara", "Correspondent, Harbour Valley Courier",
     "Ruth reports for our partner paper on the coast."),
]  # fmt: skip

SOURCES: list[dict[str, Any]] = [
    {
        "name": "Harbour Valley Courier",
        "slug": "harbour-valley-courier",
        "kind": "partner",
        "homepage": "https://courier.example.org/",
        "usage_terms": "Republished under the Harbour Valley Courier content-sharing agreement.",
        "canonical_to_original": True,
    },
    {
        "name": "Continental Wire Service",
        "slug": "continental-wire",
        "kind": "wire",
        "homepage": "https://wire.example.net/",
        "usage_terms": "Continental Wire Service. Subscriber use only; no resale.",
        "canonical_to_original": False,
    },
]

# (key, title, caption, credit, agency, alt text, palette)
IMAGES = [
    ("bridge", "Old river bridge at dusk",
     "The Mill Lane bridge over the River Aske at dusk on Tuesday, the day engineers closed it "
     "to lorries.", "Hannah Cole/Newsroom Gazette", "", "A stone bridge over a river at dusk",
     ((28, 40, 92), (240, 140, 80))),
    ("harbour", "Fishing boats in Harbour Valley",
     "Fishing boats moored in Harbour Valley on Monday morning, as the harbour board met to "
     "discuss dredging.", "Port Authority/Sam Reyes/Handout via Continental Wire Service",
     "Continental Wire Service", "Small fishing boats moored in a calm harbour",
     ((40, 90, 140), (200, 220, 230))),
    ("council", "Council chamber",
     "Councillors vote on the budget in the county hall chamber on Thursday evening.",
     "Maya Lindqvist/Newsroom Gazette", "", "Rows of seats in a wood-panelled council chamber",
     ((90, 50, 30), (220, 190, 150))),
    ("stadium", "Floodlit pitch",
     "Ashford Town's ground under floodlights before Saturday's cup tie.",
     "Priya Raman/Newsroom Gazette", "", "A football pitch lit by floodlights at night",
     ((10, 60, 20), (120, 200, 90))),
    ("factory", "Works on the ring road",
     "The Kestrel Components works on the ring road, where 140 new jobs are planned.",
     "Kestrel Components/Handout via Continental Wire Service", "Continental Wire Service",
     "A long industrial building with a sawtooth roof", ((60, 60, 70), (180, 180, 190))),
    ("theatre", "The Lyric stage",
     "Rehearsals on the restored stage of the Lyric Theatre, which reopens next month.",
     "Elliot Marsh/Newsroom Gazette", "", "A theatre stage with red curtains and footlights",
     ((110, 10, 30), (250, 200, 120))),
    ("coast", "Coastal path after the storm",
     "A section of the coastal path near Gull Point that slipped into the sea during the "
     "weekend storm.", "Ruth Abara/Harbour Valley Courier", "Harbour Valley Courier",
     "A collapsed cliff-top footpath above a grey sea", ((70, 80, 90), (160, 170, 150))),
    ("channel", "Silt in the main channel",
     "Silt banks exposed in the harbour's main channel at low tide on Monday.",
     "Ruth Abara/Harbour Valley Courier", "Harbour Valley Courier",
     "Mud banks in a harbour channel at low tide", ((90, 80, 60), (200, 190, 160))),
    ("ceiling", "The Lyric's plaster ceiling",
     "The restored plaster ceiling of the Lyric Theatre, repainted in its 1890s colours.",
     "Elliot Marsh/Newsroom Gazette", "", "An ornate theatre ceiling with gilded plasterwork",
     ((120, 90, 20), (250, 230, 180))),
    ("seats", "New seats in the stalls",
     "The 620 new seats in the stalls, each covered in the original red velvet.",
     "Elliot Marsh/Newsroom Gazette", "", "Rows of red velvet theatre seats",
     ((140, 20, 40), (230, 150, 150))),
    ("rehearsal", "Rehearsal on the restored stage",
     "The cast of the opening production rehearsing on Tuesday.",
     "Lyric Theatre/Handout via Continental Wire Service", "Continental Wire Service",
     "Actors rehearsing on a bare stage", ((30, 30, 60), (200, 180, 220))),
    ("storm-video", "Storm at Gull Point (video)",
     "Waves breaking over the Gull Point sea wall during the weekend storm.",
     "Harbour Valley TV", "YouTube", "Grey waves breaking over a stone sea wall",
     ((50, 60, 80), (150, 160, 170))),
    ("market", "Saturday market",
     "Stallholders on the market square on Saturday, the first under the new trading rules.",
     "Tomas Okafor/Newsroom Gazette", "", "Market stalls with striped awnings in a town square",
     ((150, 70, 20), (250, 230, 160))),
]  # fmt: skip

# (slug, section, headline, dek, paragraphs, authors, image, source, status, days ago, tags)
# A paragraph is text, or a body element (seed_demo writes its stored form):
# ("photo", image key, placement, caption for this story), ("gallery", [image keys]),
# ("embed", address, title, author, thumbnail image key), ("quote", text, attribution),
# ("facts", title, [facts]), ("story link", text before, slug, linked words, text after).
STORIES: list[tuple[Any, ...]] = [
    ("mill-lane-bridge-closed-to-lorries", "news",
     "Mill Lane bridge closed to lorries after engineers find cracked arch",
     "Drivers of heavy vehicles face a 12-mile diversion while repairs are planned.",
     ["Engineers closed the Mill Lane bridge to vehicles over 7.5 tonnes on Tuesday after an "
      "inspection found a crack running through the central arch.",
      "The county council said cars, cyclists and pedestrians could still cross, and that a "
      "repair plan would be ready by the end of the month.",
      "<blockquote>We would rather close it for a few weeks than risk the arch,</blockquote> "
      "said the council's head of highways."],
     ["hannah-cole"], "bridge", None, "published", 1, ["transport", "roads", "Mill Lane"]),
    ("harbour-dredging-plan-approved", "news",
     "Harbour dredging plan approved as boats run aground at low tide",
     "The harbour board will spend £2.4m clearing silt from the main channel.",
     ["The Harbour Valley harbour board approved a £2.4m dredging scheme on Monday after three "
      "fishing boats ran aground in the main channel in a fortnight.",
      ("photo", "channel", "full", ""),
      "According to a statement issued through a news agency, work will start in spring and "
      "last about ten weeks.",
      ("quote", "The silt has been building up for years. We have been lucky nobody was hurt.",
       "A Harbour Valley skipper"),
      "Skippers welcomed the decision but said the silt had been building up for years.",
      ("photo", "coast", "inline",
       "Storm damage at Gull Point, where the same weekend's storm took part of the path.")],
     ["ruth-abara"], "harbour", "harbour-valley-courier", "published", 2,
     ["harbour", "fishing", "Harbour Valley"]),
    ("county-budget-passes-by-two-votes", "politics",
     "County budget passes by two votes after late-night debate",
     "Council tax will rise by 4.9 per cent; libraries keep their opening hours.",
     ["The county council's budget for next year passed by 31 votes to 29 shortly before "
      "midnight on Thursday.",
      "An amendment to cut library opening hours was withdrawn after a petition signed by more "
      "than 6,000 residents.",
      "The opposition leader said the rise in council tax was the largest in a decade.",
      ("facts", "The budget in figures",
       ["Council tax: up 4.9 per cent", "The vote: 31 to 29",
        "Libraries: opening hours kept", "Highways: £3.1m, including the Mill Lane bridge"]),
      ("story link", "The highways money includes repairs to ",
       "mill-lane-bridge-closed-to-lorries", "the Mill Lane bridge",
       ", closed to lorries this week.")],
     ["maya-lindqvist"], "council", None, "published", 3, ["council", "budget"]),
    ("kestrel-components-140-jobs", "business",
     "Kestrel Components to create 140 jobs at ring road works",
     "The engineering firm is bringing production of wind turbine parts back from abroad.",
     ["Kestrel Components will create 140 jobs at its ring road works over the next two years, "
      "the company said on Wednesday.",
      "The firm makes bearings for wind turbines and is moving production back from a plant "
      "overseas.",
      "Recruitment for the first 40 posts, most of them apprenticeships, opens next month."],
     ["tomas-okafor"], "factory", "continental-wire", "published", 4,
     ["jobs", "manufacturing", "energy"]),
    ("ashford-town-reach-cup-third-round", "sport",
     "Ashford Town reach cup third round with stoppage-time winner",
     "A header from substitute Lewis Dunn settled a tense tie under the floodlights.",
     ["Ashford Town reached the third round of the county cup for the first time in nine "
      "seasons with a 2-1 win over Brockley on Saturday.",
      "Lewis Dunn, on for only six minutes, headed the winner in the third minute of stoppage "
      "time.",
      "The draw for the next round takes place on Monday evening."],
     ["priya-raman"], "stadium", None, "published", 5, ["football", "Ashford Town"]),
    ("lyric-theatre-reopens", "culture",
     "Lyric Theatre sets reopening date after three-year restoration",
     "The Victorian theatre will open with a new production written by a local playwright.",
     ["The Lyric Theatre will reopen on the first Friday of next month after a three-year, "
      "£6m restoration.",
      "Craftspeople have repaired the plaster ceiling, replaced the seating and rebuilt the "
      "fly tower.",
      ("gallery", ["ceiling", "seats"]),
      "The opening production, a comedy set in the valley's mills, sold out its first week in "
      "two days.",
      ("photo", "rehearsal", "inline", "")],
     ["elliot-marsh"], "theatre", None, "published", 6, ["theatre", "arts"]),
    ("coastal-path-slip-gull-point", "news",
     "Coastal path closed at Gull Point after cliff slip",
     "Walkers are asked to use the inland diversion while the ground is surveyed.",
     ["A 40-metre section of the coastal path near Gull Point slipped into the sea during the "
      "weekend storm.",
      "Nobody was hurt. The path will stay closed until geologists have surveyed the cliff.",
      ("embed", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
       "Waves over the Gull Point sea wall", "Harbour Valley TV", "storm-video")],
     ["ruth-abara"], "coast", "harbour-valley-courier", "published", 7,
     ["environment", "weather", "Harbour Valley"]),
    ("market-trading-rules", "business",
     "Market traders give new rules a cautious welcome",
     "Stallholders can now trade until 6pm and take card payments under a shared licence.",
     ["Stallholders on the market square traded under the council's new rules for the first "
      "time on Saturday.",
      "Most said longer hours had brought more customers, though some worried about higher "
      "pitch fees next year."],
     ["tomas-okafor"], "market", None, "published", 8, ["markets", "town centre"]),
]  # fmt: skip

# Front-page placement the desk chose; every other story is Normal.
PRIORITIES = {
    "mill-lane-bridge-closed-to-lorries": 2,
    "harbour-dredging-plan-approved": 1,
    "county-budget-passes-by-two-votes": 1,
}

# Stories the desk linked by hand as related reading.
RELATED = {
    "harbour-dredging-plan-approved": ["coastal-path-slip-gull-point"],
}

# Shorter stories that fill out the sections and the workflow's states.
BRIEFS: list[tuple[Any, ...]] = [
    ("news", "Bus timetable changes from Sunday", "Routes 4 and 12 run every 20 minutes.",
     "hannah-cole", "published", 9, ["transport"]),
    ("news", "School run roadworks on Station Road", "Temporary lights until the half-term.",
     "hannah-cole", "published", 10, ["roads"]),
    ("news", "New defibrillators installed in village halls",
     "Eleven halls now have a machine.", "hannah-cole", "published", 11, ["health"]),
    ("politics", "By-election called for Eastgate ward", "Voting takes place in six weeks.",
     "maya-lindqvist", "published", 12, ["council", "elections"]),
    ("politics", "Parish councils ask for more say on planning",
     "A joint letter goes to the county.", "maya-lindqvist", "published", 13, ["planning"]),
    ("business", "Brewery expands into former bus depot", "Twenty jobs in the first year.",
     "tomas-okafor", "published", 14, ["jobs"]),
    ("business", "High street vacancy rate falls for third quarter",
     "Fewer empty shops than at any time since 2019.", "tomas-okafor", "published", 15,
     ["town centre"]),
    ("sport", "Valley rowing club wins regional eights", "A first title in twelve years.",
     "priya-raman", "published", 16, ["rowing"]),
    ("sport", "Park run celebrates its 500th event", "More than 300 runners took part.",
     "priya-raman", "published", 17, ["athletics"]),
    ("sport", "Ashford Town sign goalkeeper on loan", "Cover for the injured first choice.",
     "priya-raman", "published", 18, ["football", "Ashford Town"]),
    ("culture", "Library launches winter reading challenge", "Open to readers of all ages.",
     "elliot-marsh", "published", 19, ["books"]),
    ("culture", "Folk festival announces first headliners", "Tickets go on sale on Friday.",
     "elliot-marsh", "published", 20, ["music"]),
    ("culture", "Gallery shows a century of valley photography",
     "Prints from the county archive.", "elliot-marsh", "published", 21, ["arts"]),
    ("news", "Flood defences to be raised at Riverside",
     "Work will take most of next summer.", "hannah-cole", "published", 22, ["environment"]),
    ("politics", "Mayor to step down at end of term", "She has served for eight years.",
     "maya-lindqvist", "published", 23, ["council"]),
    ("business", "Credit union opens branch in Eastgate", "Open four days a week.",
     "tomas-okafor", "published", 24, ["money"]),
    ("news", "Hospital inspection report finds waiting times improving",
     "Inspectors rate the general hospital as good.",
     "hannah-cole", "scheduled", -2, ["health"]),
    ("sport", "Cup third round: who Ashford Town could face",
     "Four possible opponents from the league above.",
     "priya-raman", "scheduled", -1, ["football"]),
    ("news", "Draft: river water quality results", "Still waiting for the lab figures.",
     "hannah-cole", "draft", None, ["environment"]),
    ("politics", "Draft: councillors' expenses", "Figures to be checked with the clerk.",
     "maya-lindqvist", "draft", None, ["council"]),
    ("business", "In review: airport route cut", "The Tuesday flight ends in January.",
     "tomas-okafor", "in_review", None, ["transport"]),
    ("culture", "Ready: choir competition results", "Waiting for the photographs.",
     "elliot-marsh", "ready", None, ["music"]),
    ("sport", "Returned: junior league fixtures", "Needs the corrected dates.",
     "priya-raman", "returned", None, ["football"]),
    ("news", "Withdrawn: road closure that did not happen",
     "Taken down after the closure was cancelled.", "hannah-cole", "unpublished", 25,
     ["roads"]),
]  # fmt: skip

DEMO_USERS = [
    # username, password, group, author slug
    ("editor", "editor-demo-password", "Editor", "hannah-cole"),
    ("reporter", "reporter-demo-password", "Reporter", "maya-lindqvist"),
]

# A live story: its updates are (minutes before now, headline, text, marks, photo key).
LIVE_STORY: dict[str, Any] = {
    "slug": "storm-eunice-live",
    "section": "news",
    "headline": "Storm Eunice: live updates as gales reach the coast",
    "dek": "Red warning for wind along the coast until 9pm; follow the latest here.",
    "body": "<p>A red warning for wind covers the coast until 9pm. Roads, ferries and "
    "schools are affected; this page follows the storm as it passes.</p>",
    "bylines": ["priya-raman", "elliot-marsh"],
    "image": "coast",
    "tags": ["weather", "storm"],
    "state": "published",
    "started_minutes_ago": 200,
}
LIVE_UPDATES = [
    (190, "Red warning issued", "The forecaster has raised a red warning for wind along the "
     "coast from noon until 9pm.", {"key_event": True}, None),
    (178, "", "Ferries to the islands are cancelled for the rest of the day.", {}, None),
    (165, "", "Schools on the coast road will close at 1pm, the county says.", {}, None),
    (152, "", "Gusts of 82mph have been recorded at Gull Point.", {}, None),
    (140, "Sea wall overtopped", "Waves are breaking over the sea wall at the harbour; the "
     "promenade is closed.", {}, "coast"),
    (128, "", "The coastguard asks people to stay away from cliffs and beaches.", {}, None),
    (115, "", "Mill Lane bridge is closed to all traffic while engineers inspect it.", {}, None),
    (103, "", "About 4,000 homes are without power, the network operator says.", {}, None),
    (91, "", "Trains between Ashford and the coast are replaced by buses.", {}, None),
    (80, "Roof torn off", "Part of the roof of the sports hall on Quay Street has been torn off; "
     "nobody was inside.", {}, None),
    (68, "", "Council rest centres are open at the town hall and the Lyric Theatre.", {}, None),
    (55, "", "<p>قال الدفاع المدني إن فرق الطوارئ تعمل على فتح الطرق المغلقة بسبب الأشجار.</p>",
     {}, None),
    (42, "Wind easing", "The forecaster says the strongest winds have passed the coast.",
     {"key_event": True}, None),
    (30, "", "Power has been restored to 2,500 of the homes cut off this afternoon.", {}, None),
    (15, "How to report damage", "Report fallen trees and blocked roads to the council on "
     "0300 123 4567; call 999 only if life is at risk.", {"pinned": True}, None),
]  # fmt: skip
