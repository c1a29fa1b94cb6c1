"""The two templates the product ships: SKR's governance statements and Modellen 2.0.

Texts from SKR's "Modell för att utveckla skolan" (Matematiksatsningen PISA 2015) and
Successful Schools' Modellen 2.0 folder (../shared/seeds/). Fixed lineages so that later data
migrations and the demo can find them.
"""

import uuid

from django.db import migrations

SKR_LINEAGE = uuid.UUID("5a7e1b1e-0000-4000-8000-000000000001")
MODELLEN_LINEAGE = uuid.UUID("5a7e1b1e-0000-4000-8000-000000000002")

SKR_SCALE = [
    (1, "Stämmer inte alls"),
    (2, "Stämmer dåligt"),
    (3, "Stämmer ganska dåligt"),
    (4, "Stämmer ganska bra"),
    (5, "Stämmer bra"),
    (6, "Stämmer helt"),
]

SKR_AREAS = [
    ("Gemensam ledning", [
        ("ledning-sammanlankade", "Sammanlänkade ledningsnivåer",
         "Ledningsnivåerna (nämnd, förvaltningsledning, rektorer) är sammanlänkade."),
        ("ledning-roller", "Uppdrag och roller",
         "Det finns en tydlig uppdrags- och rollfördelning."),
    ]),
    ("Gemensam syn", [
        ("syn-hoga-forvantningar", "Höga förväntningar",
         "Vi har höga förväntningar på alla elever och övriga."),
        ("syn-larare", "Lärarnas kompetens och samarbete",
         "Lärarnas kompetens och samarbete ses som avgörande."),
    ]),
    ("Gemensamma rutiner", [
        ("rutiner-uppfoljning", "Rutiner för uppföljning",
         "Det finns fungerande rutiner för en systematisk uppföljning och återkoppling."),
        ("rutiner-stod", "Rutiner för elever i behov av stöd",
         "Det finns fungerande rutiner för att fånga upp elever i behov av stöd."),
    ]),
]

MODELLEN_SCALE = [(1, "Här har vi full koll"), (2, "Ett utvecklingsområde för oss")]

MODELLEN_DIMENSIONS = [
    ("vetenskaplig-grund", "Din skola på vetenskaplig grund",
     "Skapa och se till att ha en konkret vetenskaplig grund på plats och att alla i organisationen "
     "behärskar den – på skolan och i hela kommunen – som det är tänkt enligt skollagen.",
     "Vilken vetenskaplig grund vilar vårt arbete på? Behärskar alla den, på varje skola?"),
    ("rutiner-vad-vem-nar-hur", "Rutiner för er kultur kring Vad, Vem, När och HUR",
     "Från ”Vad vi gör på vår skola.” till ”Så här gör vi på vår skola!” Både en årsklocka och "
     "rutiner. Kom överens om HUR:et för hög likvärdig kvalitet i processerna.",
     "Har vi en årsklocka och rutiner som alla känner till? Vad levererar vi: undervisning, studiero, lärande?"),
    ("folj-progressionen", "Följ progressionen – resultatstyrning med förädlingsvärden",
     "Sätt fokus på progression och följ kunskapsutvecklingen för klasser och årskullar – i stället "
     "för att jämföra elevresultat från olika årskullar.",
     "Följer vi samma klasser och årskullar över tid? Vet vi vilket förädlingsvärde vi ger?"),
    ("storst-skillnad", "Utveckla det som gör störst skillnad för elevernas lärande – systematiskt",
     "Vet vilken undervisningskvalitet som levereras och utvecklas i varje klassrum över tid. "
     "Organisera arbetet kring evidens så att lärare kollegialt kan utvecklas.",
     "Har vi en plan för bättre och bättre undervisning? Hur vet vi hur undervisningen går i varje klassrum?"),
    ("analysarbete", "Analysarbete – orsakssamband – vassare åtgärder",
     "Lämna stadiet där ni beskriver vad ni har gjort. Analysera djupare med fokus på orsakssamband "
     "kring vad verksamheten verkligen leder till för elevernas lärande.",
     "Analyserar vi orsaker och effekter i våra mittermins-, termins- och läsårsutvärderingar?"),
    ("rapportering-kvalitetsdialoger", "Meningsfull rapportering och kvalitetsdialoger",
     "Rapportera och planera med djupare analys och fokus på förädlingsvärden över tid, och "
     "genomför kvalitetsdialoger som också bygger på data om undervisningens kvalitet.",
     "Bygger våra kvalitetsdialoger på förädlingsvärden och på data om undervisningens kvalitet?"),
    ("frigor-tid", "Frigör tid för ditt pedagogiska ledarskap",
     "Frigör tid så att rektorerna kan prioritera X timmar per vecka på det som är viktigast.",
     "Hur många timmar i veckan har våra rektorer för pedagogiskt ledarskap? Vad kan vi ta bort?"),
    ("luftfartsverket", "Tänk som om Skolverket hade varit Luftfartsverket",
     "Säkerställ kvaliteten i processerna, som flyget gör, så att varje spelare i laget behärskar "
     "rätt kvalitet. Kompetensanalys och metoden ”Visa & berätta”.",
     "Hur säkerställer vi kvaliteten i våra processer? Har vi gjort en kompetensanalys?"),
]


def load(apps, schema_editor):
    Template = apps.get_model("reviews", "Template")
    ScaleStep = apps.get_model("reviews", "ScaleStep")
    Area = apps.get_model("reviews", "Area")
    Statement = apps.get_model("reviews", "Statement")

    skr, created = Template.objects.get_or_create(
        lineage=SKR_LINEAGE,
        version=1,
        defaults={
            "name": "SKR:s målsättningar för styrning och ledning",
            "description": "Kartlägg var ni står i styrning och ledning, på alla fyra nivåer. "
            "Påståendena kommer från Matematiksatsningen PISA 2015 (SKR:s modell för att utveckla skolan).",
            "kind": "scale",
            "allows_dont_know": True,
        },
    )
    if created:
        ScaleStep.objects.bulk_create(ScaleStep(template=skr, value=v, label=t) for v, t in SKR_SCALE)
        position = 0
        for area_position, (area_title, statements) in enumerate(SKR_AREAS):
            area = Area.objects.create(template=skr, title=area_title, position=area_position)
            for key, short, text in statements:
                position += 1
                Statement.objects.create(
                    template=skr, area=area, key=key, short_label=short, text=text, position=position
                )

    modellen, created = Template.objects.get_or_create(
        lineage=MODELLEN_LINEAGE,
        version=1,
        defaults={
            "name": "Modellen 2.0 – åtta dimensioner",
            "description": "Gå igenom varje dimension, analysera och diskutera, och bocka för: "
            "”Här har vi full koll” eller ”Ett utvecklingsområde för oss”. (Successful Schools, Modellen 2.0.)",
            "kind": "choice",
            "allows_dont_know": False,
        },
    )
    if created:
        ScaleStep.objects.bulk_create(ScaleStep(template=modellen, value=v, label=t) for v, t in MODELLEN_SCALE)
        for position, (key, text, description, prompt) in enumerate(MODELLEN_DIMENSIONS, start=1):
            Statement.objects.create(
                template=modellen, key=key, text=text, short_label=text[:80], description=description,
                discussion_prompt=prompt, position=position,
            )


def unload(apps, schema_editor):
    Template = apps.get_model("reviews", "Template")
    Template.objects.filter(lineage__in=[SKR_LINEAGE, MODELLEN_LINEAGE], mappings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
