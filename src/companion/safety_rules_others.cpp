// The crisis rules for danger from another person and for medical
// emergencies (safety_rules.h says how a rule is written).
#include "companion/safety_rules.h"

namespace os1::companion::safety {

namespace {

const Rule OTHERS_RULES[] = {
    // --- Danger from another person ---------------------------------------
    // Someone hurts, hits, threatens or assaults them (or their children).
    {D, "someone_harms_me", "@someone .. @harm_me (me|my kids|my children|my son|my daughter|my baby|us|my mum|my mom|"
                            "my mother|my sister|my brother|my siblings|my wife|my little brother|my little sister)",
     "at chess|at cards|at pool|at golf|at tennis|at mario kart|at monopoly|at scrabble|at darts|at poker|at fifa|"
     "at games|at video games|at board games|at everything|at running|at the race|at the game|at the quiz|at trivia|"
     "at arm wrestling|at bowling|at squash|at badminton|at ping pong|at table tennis|at football|at basketball|at it|"
     "at that|at this|at uno|at catan|at sudoku|at wordle|at crosswords|at his own game|at her own game|"
     "with a pun|with puns|with a line|with a riddle|with facts|with a fact|with a compliment|with a meme|with memes|"
     "with a truth bomb|with a reality check|with some news|with a surprise|in chess|in a race|to it|to the|by|on points|with a pillow|with a question|with questions|with a joke|"
     "with the news|with a bill|with the bill|with a fine|with a snowball|with a water|with that|with this|like|"
     "out|off|into|forward|harder|to be|to do|to try|to go|to apply|to start|to finish|in a game|when she left|"
     "when he left|when they left|by leaving|emotionally|feelings|so much when|deeply|with what|with his words|"
     "with her words|with the truth|back|for|again at|in tennis|in the final|in the game|on the|in the race|"
     "to the punch|to the finish|at mario kart|at cards|at pool|at golf|with an idea|with a deadline|on price|"
     "with his car|with her car|with a car|with their car|in the arm playfully|with a ball|with the ball|"
     "when she said|when he said|with her comment|with his comment|with that comment|with that joke|" THREAT_IDIOMS,
     JOKE,
     // "Hit me up" is "get in touch".
     "hit me up|hits me up|hitting me up|hit me back up"},
    // "He said he'd hurt me if I tell anyone". "Kill me" alone is also an idiom
    // ("my sister said she'd kill me if I told mum"), so it needs a real condition.
    {D, "grabbed", "@someone .. (grabbed|grabs|groped|gropes|cornered|corners|pinned|cornered) me",
     "a|an|some|lunch|coffee|a drink|by the hand|a seat|tickets|food|dinner|for a hug|into a hug|in a hug|to dance|"
     "a coffee|one|a plate|a chair|a beer"},
    {D, "banging", "@someone .. (banging on|kicking|punching|trying to kick down|pounding on|smashing) (my|the|our) (door|window|"
                   "wall|windows|doors) .. (screaming|yelling|shouting|threatening|scared|terrified|and i am)"},
    {D, "smashing", "@someone .. (throwing|smashing|breaking|throws|smashes|breaks) (things|stuff|plates|furniture|everything|"
                    "glasses|the furniture|my things|my stuff) .. (at me|and|scared|screaming|yelling|shouting|again)",
     "away|out|in the bin|in the skip|for the move|for recycling|to charity|on ebay|into boxes|up|down"},
    {D, "thrown_at_me", "@someone .. (threw|throws|throwing|pulled|pulls|pointed|points|swung|swings|came at me with|"
                        "held|holds|waved|waves) (a|his|her|the|their)? (knife|gun|bottle|glass|plate|chair|hammer|bat|"
                        "weapon|lamp|mug|pan|belt|blade|machete|axe) (at me|on me|at my|at us|to my|against my|in my face)",
     ""},
    {D, "threat", "@someone .. (said|says|told me|swore|threatened|threatens|keeps saying|promised|texted|messaged|warned|"
                  "yelled|screamed|threatening) ... @harm_verb (me|us|my kids|the kids|my children|my family|my dog|"
                  "my cat|me and|my mum|my mom|my son|my daughter|myself|my legs|my arm|my arms|my neck|my face|my nose|"
                  "my jaw|my bones|my fingers|my teeth|my ribs)",
     "if i am late|if i forget|if i do not clean|for|lol|haha|when she|when he|if i eat|if i spoil|if i tell anyone "
     "about the surprise|if i miss|in fortnite|in the game|at chess|at cards|if i break|if i lose|if i spill|"
     "if i scratch"},
    {D, "threat_kill", "@someone .. (said|says|told me|swore|threatened|threatens|keeps saying|promised|texted|messaged|warned|"
                       "yelled|screamed|threatening) ... kill (me|us|my kids|the kids|my children|my family) (if i leave|"
                       "if i ever leave|if i left|if i ever left|if i go|if i call|if i went|if i report|if i go to the police|"
                       "if i called|if i try|if i tried|$|one day|someday|for real|and|in my sleep|while i sleep|tonight|"
                       "if i tell anyone|if i told anyone|if i tell the police|if i told the police|if i ever tell|if i ever told|"
                       "if i ever leave|if i ever tried|if i ever try|if i ever go|if i ever left|if i ever called|"
                       "if i see anyone|if i see someone else|if i talk to)"},
    {D, "threat_if", "@someone .. (said|says|told me|swore|threatened|texted|warned|keeps saying|promised) (if|that if|when) ... "
                     "(hurt|find|hit|beat|come after|take the kids|take my kids|track me down|make me pay|break|"
                     "strangle|stab|shoot|burn) (me|us|my kids|the kids|my|down)",
     "a present|a gift|the keys|my keys|the best|a job|the way"},
    {D, "threat_if_kill", "@someone .. (said|says|told me|swore|threatened|texted|warned|keeps saying|promised) (if|that if) i "
                          "(leave|ever leave|tell anyone|ever tell anyone|go to the police|call the police|report him|"
                          "report her|try to leave|leave him|leave her|break up with him|break up with her|tell someone|"
                          "left|ever left|told anyone|ever told anyone|went to the police|called the police) ... kill"},
    {D, "threatened_me", "(threatened|threatening|threatens|threaten) (me|my life|my family|my kids|to kill me|to hurt me|"
                         "to kill us|to hurt us|to hit me|to kill my|to hurt my|to take my kids|to stab me|to shoot me)",
     "with legal action|with a lawsuit|with eviction|with a fine|with court|with detention|with a bad review|"
     "with the police|" THREAT_IDIOMS},
    {D, "going_to_hurt_me", "@someone (is going to|will|is gonna|might|could|would) (hurt|hit|beat|rape|strangle|stab|shoot|"
                            "choke) (me|us)",
     "feelings|when|if he finds out|if she finds out|at|in|for|with questions|lol"},
    {D, "hiding", "(hiding|hid|locked myself) (in|from) ... (he|she|him|her|them|my @rel)", "", JOKE},
    {D, "will_kill_me_one_day", "(think|know|sure|feel like|believe|scared|afraid|terrified) ... @someone ... (going to|will|is "
                                "going to|is gonna|might|would) kill (me|us) (one day|someday|eventually|for real|if i leave|"
                                "if i stay|in my sleep|tonight|$)",
     ""},
    {D, "going_to_kill_me", "@scared ... @someone ... (will|would|might|going to|is going to|could|is gonna) .. (kill|hurt|hit|"
                            "beat|murder|attack|find|come after|strangle|stab) (me|us)",
     "if i am late|when she sees|when he sees|when they see|if she sees|if he sees|when she finds out|"
     "when he finds out|if she finds out|if he finds out|for|when they find out|if they find out|in the game|at"},
    {D, "afraid_of", "@scared (of|for) (my life|my safety|my @rel|him|her|them|my ex|this man|this guy|what he|what she|"
                     "what they|my own @rel|my kids safety|my children safety|going home|him hurting|her hurting|"
                     "what he will do|what she will do|what he might do|what she might do)",
     "in the|when she|when he|when they|at the|on the|eyes|disappointing|letting|leaving|losing|finding out|and|"
     "reaction|judging|thinking|will think|might think|would think|says|said|of the dark|health|is ill|surgery|"
     "will say|might say|would say|telling|being disappointed|getting sick|dying|to find out",
     SELF},
    {D, "scared_home", "@scared (to|of) (go home|going home|go back home|be at home|be home|leave the house|be alone with|"
                       "sleep at home|go back there|be in the house|be around him|be around her|see him|see her|"
                       "open the door|leave my room|go back to him|go back to her|wake him|wake her)",
     "because of my grades|because of the grades|after my exam|alone at night because of ghosts|in case"
     "|because of ghosts|because of spiders", SELF},
    {D, "not_safe", "not (feel|am|are|being)? safe ($|at home|around him|around her|with him|with her|here|anymore|"
                    "in my own home|in my home|in my house|in my own house|in this house|tonight|at night|"
                    "around them|with them|around my @rel|with my @rel|in my own bed|in my room|going home|"
                    "in my relationship|in this relationship)",
     "", NO_NEG | SELF},
    {D, "unsafe", "(unsafe at home|unsafe around|unsafe with|i am in danger|my life is in danger|fear for my life|"
                  "feared for my life|fearing for my life|scared for my life|afraid for my life|terrified for my life|"
                  "my kids are in danger|my children are in danger)"},
    {D, "stalking", "@someone .. @stalk (me|my house|my home|my flat|my apartment|my car|my phone|my location|my kids|"
                    "where i am|my every move|my messages|my work|my place)",
     "on instagram|on twitter|on tiktok|on social|on facebook|online|around like a puppy|back|cook|play|sleep|do|"
     "eat|work out|dance|with|everywhere around the house|around the house|to the kitchen|around|on insta|on snapchat|"
     "on twitch|on youtube|on spotify|on linkedin|on strava|practice|train|perform|paint|draw|sing|swim|"
     "in the show",
     NONE, "family app|find my|life360|so she knows when|so he knows when|dinner|pick me up|lol"},
    {D, "being_followed", "(being followed|being stalked|being watched|stalker|stalking me|followed me home|following me home|"
                          "follows me home|tracking my location|tracking my phone|tracker on my car|airtag on my|"
                          "tracking device|put a tracker)",
     "on instagram|on twitter|on tiktok|online|on social|like a puppy|around the house|around the kitchen|"
     "for treats|for food|to the kitchen"},
    {D, "shows_up", "@someone .. (keeps|kept|keep|been|again|will not stop|would not stop|constantly|repeatedly) .. (showing up|"
                    "turning up|coming|waiting|shows up|showed up|turned up|turns up|coming round|coming over|hanging "
                    "around|lurking) .. (at|outside|to|near|round|around) (my|our)? @place",
     "for dinner|to help|with flowers|with food|with pizza|for the party|for my birthday|on time|late|with presents|"
     "for lunch|with lunch|with coffee|to surprise"},
    {D, "shows_up_again", "@someone .. (showed up|shows up|turned up|keeps showing up|keeps turning up|came|comes) .. (at|outside|"
                          "to|round) (my|our)? @place .. (again|uninvited|drunk|even though|after i told|and would not leave|"
                          "and will not leave|and refused to leave|and refuses to leave|screaming|shouting|banging)",
     ""},
    {D, "outside", "(@someone|there is someone|there is a man|someone is|somebody is|a man is|a guy is|there is a guy|"
                   "some guy is|a stranger is) .. (outside|at|by|near) (my|the|our) (door|window|house|home|flat|apartment|"
                   "room|car|front door|bedroom window|back door|gate) ... (scared|afraid|terrified|will not leave|"
                   "banging|trying to get in|trying to break|trying to open|screaming|yelling|watching me|threatening|"
                   "refusing to leave|refuses to leave|will not go|won't go|staring|shouting|will not stop)"},
    {D, "break_in", "(breaking in|breaking into|broke into|broken into|break into|trying to get in|trying to get into|"
                    "someone is in my|somebody is in my|there is someone in my|there is a man in my|intruder|"
                    "burglar|burglars|someone in my house|someone in the house|somebody in my house|"
                    "someone in my flat|someone in my apartment|trying to break in|trying to break down)",
     "my car last|the car last|the shed last|my account|my email|my instagram|my phone|the system|the market|"
     "the industry|tech|song|the top|laughter|tears|a sweat|a run|a smile|last|while we were|when we were|"
     "a new|the new|this field|the field|the music|the business|acting|the conversation|my head|my dreams|"
     "the game|fashion|alarm|movie|film|show|story|game|the cookie jar|the snacks|the fridge|my snacks|"
     "my chocolate|the biscuits|the cookies|the candy|the sweets|heaven|hollywood|mainstream|the charts|"
     "the top ten|the league|the premier",
     NONE},
    {D, "assault", "(was|been|got|being|get|have been|was just) (raped|assaulted|sexually assaulted|molested|groped|drugged|"
                   "spiked|attacked|mugged|beaten up|jumped|stabbed|beaten|abused|threatened|followed home)",
     "by a dog|by a goose|by a seagull|by a cat|by a bee|by bees|by wasps|by mosquitoes|by my cat|by my dog|"
     "by the geese|by a swan|in the game|in fortnite|by the boss|by the final boss|by questions|with questions|"
     "by emails|with emails|by notifications|by ads|at chess|by my brother at|by a puppy|by my kid at|"
     "with flyers|by the heat|by the sun",
     SELF},
    {D, "spiked", "(spiked my drink|my drink was spiked|my drink got spiked|put something in my drink|slipped something in my drink|"
                  "drugged my drink)"},
    {D, "forced", "@someone .. (forced|forces|made|makes|pressured|coerced|pressures) me .. (to have sex|into sex|to do sexual|"
                  "into doing sexual|to sleep with|to touch|to watch porn|to send nudes|to send pictures|to do things i did not want)"},
    {D, "forced_himself", "(forced himself on me|forced herself on me|forced themselves on me|touched me without|touched me "
                          "when i said no|would not stop when i said no|did not stop when i said no|without my consent|"
                          "against my will)"},
    {D, "abusive", "(abusive relationship|abusive partner|abusive husband|abusive boyfriend|abusive wife|abusive girlfriend|"
                   "abusive home|abusive household|abusive marriage|abusive parents|abusive dad|abusive mom|abusive mum|"
                   "abusive father|abusive mother|abusive ex|domestic violence|domestic abuse|being abused|being beaten|"
                   "being hit|being hurt at home|being threatened|being controlled|coercive control|"
                   "abuse at home|abused at home|violent at home|violent husband|violent partner|violent boyfriend|"
                   "violent dad|violent father|being raped)",
     "", SELF},
    {D, "control", "@someone ... (will not|would not|does not|never|not) let me (leave|leave the house|see my friends|see anyone|"
                   "talk to anyone|have my phone|use my phone|have money|have my own money|go to the police|"
                   "call anyone|out of the house|out of his sight|out of her sight|call the police|see my family|"
                   "talk to my family|go to the doctor|go to hospital|go anywhere|have a phone|get help|go to work|"
                   "leave the room|leave him|leave her|out of the room|out of my room|eat|out)",
     "", NO_NEG, "homework|school night|grades|curfew|grounded|bedtime|revision|chores|dishes|room is clean|until i finish"},
    {D, "dangerous", "@someone (is|gets|has been|can get|becomes|goes|can be|turns) (dangerous|violent|"
                     "getting violent|so violent|really violent|scary when he drinks|scary when she drinks|"
                     "violent when he drinks|violent when she drinks)",
     "driver|at driving|on the road|on the pitch|in the game|player|in video games|when he games"},
    {D, "get_away", "(need to|have to|want to|trying to|try to|must) (get away from|escape|escape from|get out of the house "
                    "before he|leave before he|hide from) (him|her|them|my @rel|this man|this guy)",
     "for a|for the|for a bit|for a while|for some|for an|for the weekend|and his|and her|with|at"},
    {D, "locked_in", "(i am|i have been|i was|been|got|keeps me|kept) locked in (my|the|a|his|her|their) (room|house|bathroom|"
                     "basement|flat|apartment|car|shed|cellar|attic|closet|cupboard|bedroom|garage)",
     "by accident|accidentally|lol|haha|because the lock|the lock is broken|because the door|for a meeting|for work|"
     "studying|revising|working|gaming|for hours doing|for exams|all day studying|playing", SELF},
    {D, "locked", "@someone .. (locked|locks|trapped|traps|tied|tied up|chained|shut) me (in|up|inside|in the|in my|in a)",
     "in a game|in a conversation|in an argument|in a chat|in a debate"},
    {D, "bruises", "(bruises from him|bruises from her|bruises from them|bruises from my @rel|left bruises on me|"
                   "left me with bruises|gave me bruises|gave me a black eye|black eye from him|black eye from her|"
                   "marks on my neck|finger marks|hand marks on my|covering up the bruises|hide the bruises|"
                   "hiding the bruises|hide my bruises|cover my bruises)"},
    {D, "broke_my", "@someone .. (broke|fractured|cracked) my (arm|nose|ribs|jaw|wrist|finger|cheekbone|tooth|teeth)",
     "playing|at|in the|during|by accident|accidentally|in rugby|in football|in a game|in training"},
    {D, "weapon", "@someone .. (has|got|pointed|pulled|holding|is holding|waving|grabbed|came at me with|threatened me with) "
                  "(a|his|her|their)? (knife|gun|weapon|bat|machete|blade|hammer|axe|rifle|pistol) .. (at me|on me|at us|"
                  "on us|and|to my|threaten|against|in my face|at my)",
     "in the game|in the movie|in the film|for hunting|at the range|in the kitchen to cut"},
    {D, "came_at_me", "@someone .. (came at me|went for me|lunged at me|attacked me|jumped me|grabbed me by|pinned me|"
                      "held me down|dragged me|threw me|shook me|pulled my hair)",
     "in the game|in fortnite|at practice|at training|in a hug|to hug|playfully|for a hug|lol|in wrestling"},

    // --- Medical emergencies ----------------------------------------------
    {M, "chest_pain", "@chest_pain",
     "when i am anxious|when i am nervous|when i am stressed|when i panic|with anxiety|from anxiety|because of anxiety|"
     "when i get anxious|when i get nervous|when i get stressed|when i am worried|about exams|before exams|"
     "infection|exercises|workout|stretch|stretches|from coughing|after the gym|went away|gone|day at the gym|"
     "from laughing|press|day|fly|from the gym|from working out|muscles|muscle|from bench",
     NONE,
     "coughing|cough|a cold|the flu|chest infection|bronchitis|gym|workout|push ups|bench press|laughing|"
     "heartbreak|broken heart|miss him|miss her|sad"},
    {M, "left_arm", "(left arm|left side|my jaw|left shoulder|my arm) .. (numb|numbness|tingling|heavy|hurts|pain|aching|weak|"
                    "dead|feels heavy|feels numb|going numb|gone numb)",
     "after sleeping|from sleeping|because i slept|slept on|from the gym|from the injection|from the vaccine|"
     "from the jab|after the jab|after my jab|after the vaccine|from carrying|from lifting|from gaming|"
     "from typing|from the flu jab|from my covid",
     NONE,
     "slept|asleep|sleeping|sat|sitting|lying|leaning|gaming|typing|cold|injection|jab|vaccine|blood test|gym|"
     "workout|lifting|carrying|bag|backpack|sofa|couch"},
    {M, "one_side", "(numb|weak|weakness|drooping|droopy|paralysed|paralyzed|tingling|can not move|can not feel|numbness) .. "
                    "(on one side|down one side|on the left side|on the right side|one side of my|one side of his|"
                    "one side of her|on one side of)"},
    {M, "one_side_body", "(can not feel|can not move|numb|weak|paralysed|paralyzed) .. (the left side|the right side|left side|"
                         "right side|half of my|half my|half of his|half his|half of her|half her) .. (body|face)"},
    {M, "breathe", "@breathe_hard", BREATHE_IDIOMS, JOKE, BREATHE_CONTEXT},
    {M, "not_breathing", "@person .. (not breathing|stopped breathing|no longer breathing|can not breathe|struggling to breathe|"
                         "turning blue|gone blue|going blue|lips are blue|lips are going blue|face is blue|barely breathing|"
                         "breathing strangely|breathing funny and|gasping|not breathing properly|is choking|"
                         "choking and|started choking|choking on)",
     BREATHE_IDIOMS "|up|back tears|on my words|on his words|on her words|on laughter|under pressure|on my coffee|on my tea|"
     "on my drink|on water|on my water|on the words|at the|in the final|in the game|on the penalty", NO_NEG | JOKE,
     BREATHE_CONTEXT},
    {M, "throat_closing", "throat .. (closing|closing up|swelling|swollen shut|swelling up|feels like it is closing)"},
    {M, "tongue_swelling", "(tongue|lips|face) .. (swelling up|swollen up|swelling and|is swelling|are swelling|blown up)",
     "from the dentist|after the dentist|from filler|after filler|from botox"},
    {M, "anaphylaxis", "(anaphylaxis|anaphylactic|used my epipen|use my epipen|need my epipen|used her epipen|used his epipen|"
                       "epi pen|epipen)",
     "training|expired|prescription|refill|in my bag|at home|with me"},
    {M, "allergic", "(having|am having|is having|severe|bad|serious|major) .. allergic reaction", "to a new shampoo"},
    {M, "overdose_taken", "@take @lots_of .. @drug",
     "as prescribed|prescribed|vitamins|for my headache|for a headache|for the headache|for my back|this morning|"
     "with breakfast|like normal|like usual|on time|for the day|today as|for the week|to the pharmacy|back|"
     "to the chemist|out of|into|with me|on holiday|for the trip|for my cold|for the flu|for my period|"
     "over the week|over the month|over a week|over the last|since|in a week|last week|this week|a day|per day|"
     "every day|each day|a week|throughout",
     NONE},
    {M, "overdosed", "(i|he|she|they|my friend|friend|someone|somebody|my @rel|my son|my daughter|a friend) .. (overdosed|"
                     "has overdosed|have overdosed|am overdosing|is overdosing|are overdosing|took an overdose|"
                     "taken an overdose|had an overdose|think i overdosed|may have overdosed|might have overdosed|"
                     "accidentally overdosed)",
     "on coffee|on caffeine|on sugar|on chocolate|on netflix|on tv|on sun|on sunshine|on carbs|on cake|on candy|"
     "on energy drinks|on vitamin|on memes|on anime|on kdramas|on love|on work", NONE},
    {M, "child_took", "(my @rel|my kid|my baby|my toddler|the baby|my child|my little one|my son|my daughter|my boy|my girl) "
                      "(ate|swallowed|got into|has eaten|drank|has swallowed|took|has taken|found and ate|chewed) "
                      "(some of|some|a few of|a few|one of|my|some of my|the|a|an|all of|all|a bunch of|a handful of)? .. @drug",
     ""},
    {M, "drank_toxic", "(drank|drunk|swallowed|ate|eaten|has eaten|ingested|drinking|swallow|has swallowed|has drunk) "
                       "(some|a|the|a bit of|a cup of|a bottle of|a little|a lot of)? @toxic"},
    {M, "bleeding", "(bleeding|bleed|bled) (a lot|heavily|badly|much|everywhere|profusely|like crazy|to death|nonstop|non stop|"
                    "through|from my head|from his head|from her head|from my neck|from his neck|from the neck|"
                    "from my wrist|from the wrist|out|all over|uncontrollably|heavy|loads|lots|so bad|really bad)",
     "money|cash|out the money|customers|subscribers|players|viewers|points|lead|when i brush|when i floss|"
     "when brushing|when flossing|on my period|during my period|of my gums|from my gums|ink|through the paper|"
     "through the page|colors|colours|into the",
     NONE},
    {M, "wont_stop_bleeding", "(not stop bleeding|not stop the bleeding|stop the bleeding|stem the bleeding|stop it bleeding|"
                              "bleeding will not stop|bleeding would not stop|bleeding is not stopping)",
     "on costs|on spending|of money|of cash|in the budget", NO_NEG},
    {M, "blood", "(much blood|lot of blood|lots of blood|blood everywhere|blood is everywhere|blood is pouring|"
                 "blood is gushing|blood is spurting|pool of blood|losing blood|lost a lot of blood|losing a lot of blood|"
                 "blood will not stop|gushing blood|spurting blood|coughing up blood|vomiting blood|throwing up blood|"
                 "blood pouring|blood gushing)",
     "sugar|pressure|test|tests|work|donation|donor|type|orange|moon|bank|drive|in the movie|in the film|on the set|"
     "in the game|sausage|pudding"},
    {M, "stroke", "(having a stroke|is having a stroke|am having a stroke|think i am having a stroke|think he is having a stroke|"
                  "think she is having a stroke|signs of a stroke right now|might be having a stroke|might have had a stroke|"
                  "just had a stroke|has had a stroke|has just had a stroke|could be a stroke|it is a stroke)",
     "of luck|of genius|of brilliance|trying to read|reading|looking at|watching|over|at|because", JOKE},
    {M, "face_droop", "(face|mouth|smile) .. (drooping|droopy|lopsided|sagging|paralysed|paralyzed|crooked|dropped|"
                      "looks lopsided|is lopsided|drooped|is numb|going numb|gone numb|feels numb|is dropping|dropping|went numb|suddenly numb|"
                      "went funny on one side|gone funny on one side|went weird on one side|gone weird on one side|"
                      "went slack|gone slack|slack on one side|sagging on one side|fallen on one side|dropped on one side|"
                      "went down on one side|pulled to one side|twisted to one side)",
     "from the dentist|after the dentist|at the dentist|from dental|in the photo|in photos|in pictures|in the picture|"
     "when i smile in"},
    {M, "slurred", "(slurred speech|speech is slurred|speech slurred|slurring|words are slurred|can not speak properly|"
                   "can not talk properly|can not get my words out|words coming out wrong|can not get his words out|"
                   "can not get her words out|words are coming out wrong|speech is weird and|speech is garbled|"
                   "not making sense when he talks|not making sense when she talks)",
     "drunk|after a few|after the party|after the pub|because of the wine|after the bar|from the wine|because he is drunk|"
     "because she is drunk|because i am drunk|after drinks|on stage|in the interview|in front of|in public|when i am nervous|"
     "when nervous|because i am nervous", NONE,
     "talks about|talking about|about politics|about crypto|about football|about money|argument|arguing|conspiracy|"
     "conspiracies|lecture|meeting|essay|plan|plans|excuse|excuses|story|stories|instructions|rules|lol|haha"},
    {M, "headache", "(worst headache of my life|worst headache ever and|thunderclap headache|sudden severe headache|"
                    "worst headache i have ever had and|sudden splitting headache and)"},
    {M, "heart_attack", "(having|am having|is having|might be having|think i am having|could be having|think he is having|"
                        "think she is having) .. heart attack",
     "over|at|about|because|from|when|reading|looking|watching", JOKE},
    {M, "seizure", "(having|is having|had|just had|has had|is in the middle of|went into) (a|an)? (seizure|seizures|convulsion|"
                   "convulsions|fit and|epileptic fit|epileptic seizure)",
     "in #year|as a child|as a kid|when|years|last year|once"},
    {M, "seizing", "@person .. (seizing|convulsing|shaking uncontrollably|having convulsions|fitting and)", "", NONE},
    {M, "unresponsive", "@person .. @unresponsive",
     "for school|for work|in the morning|early|on time|before|until|till|at|when|lol|from my nap|from his nap|"
     "from her nap|on the sofa|on the couch after|after the party|to|to my|to messages|to texts|to emails|"
     "to my texts|to my calls|to my messages|on the couch|in bed after|after the gym|after the marathon|"
     "after the race|after the run|from exhaustion after|from laughing|laughing|on the sofa after|after work|"
     "asleep|from tiredness|in front of the tv|watching|with laughter|because of the heat in the|into bed",
     NONE, "for school|for work|heavy sleeper|teenager|lazy|alarm|lie in|on a sunday|on sundays|every morning"},
    {M, "fell_and", "(fell|fallen|fell down|fell off|collapsed|passed out|fainted|crashed|hit by a car|was hit|got hit) ... "
                    "(is not moving|not moving|is not responding|not responding|will not wake up|is unconscious|"
                    "is not breathing|not breathing|can not get up|is bleeding|is unresponsive|is out cold|"
                    "has not woken up|not waking up|can not move|can not feel)",
     "lol|haha|but i am fine|but is fine|but okay"},
    {M, "swallowed_choking", "(swallowed|ate|put|got|inhaled) (something|a coin|a toy|a button|a grape|a marble|a piece|"
                             "a battery|a magnet|a bone|a sweet|a candy) ... (choking|can not breathe|is choking|not breathing|"
                             "turning blue|gagging and)"},
    {M, "ambulance", "(need|call|get|calling|called|send|phoned|phone|phoning|ring|ringing) (an ambulance|911|999|000|112|"
                     "the paramedics|paramedics|emergency services|for an ambulance|the ambulance|help now)",
     "in the|in a|when|if|for the|for a|at the game|chaser|chasers", JOKE},
    {M, "head_injury", "(hit|banged|cracked|smashed) (my|his|her|their) head .. (and|now)? .. (bleeding|confused|vomiting|"
                       "throwing up|unconscious|can not|dizzy|passed out|blurry|will not wake|not making sense|"
                       "keeps being sick|being sick|out cold|knocked out)"},
    // Someone who cannot be woken ("grandad is gurgling and we can't wake him").
    {M, "cannot_wake", "(can not|could not|unable to|can not seem to|cannot) (wake|rouse) (him|her|them|my @rel|grandad|"
                       "granddad|nan|gran|grandma|grandpa|the baby|my baby|my son|my daughter|my friend|my partner|"
                       "mum|dad|mom|my mate)",
     "for school|up for school|up for work|in the morning|early|on time|up in time|lol|haha|from his nap|"
     "from her nap|up from|up for", NONE,
     "heavy sleeper|always|every morning|for school|for work|alarm|lazy|teenager|lol|haha|weekend|sunday|saturday|"
     "lie in|hangover|hungover|nap|sleeps through"},
    // An arm or a leg that suddenly will not work (with the face and speech, a stroke's signs).
    {M, "limb_gone", "(can not|could not|unable to|can not seem to|cannot) (lift|raise|move|feel|use) (his|her|my|their) "
                     "(right|left)? (arm|leg|hand)",
     "up high|above his head|above her head|above my head|properly since|since the", NONE,
     "gym|workout|lifting|weights|sore|vaccine|jab|injection|sprain|sprained|broke|broken|cast|sling|slept on|"
     "sleeping on|pins and needles|surgery|operation|physio|shoulder injury|frozen shoulder|tennis|arthritis|"
     "for weeks|for months|for days|since last|lol|haha|the game|controller|tired from"},
    // A heart in trouble seen from outside: grey and sweating, holding the chest or arm.
    {M, "cardiac_signs", "(grey|gray|clammy|sweating|sweaty|pale|cold sweat|ashen|white as a sheet) ... (clutching|holding|"
                         "grabbing|gripping|rubbing) (his|her|my|their) (chest|arm|left arm|jaw|shoulder)",
     "", NONE, "gym|workout|run|running|sauna|heat|hot|summer|fell|fall|tripped|bruise|injection|jab|vaccine|lol|haha|"
     "laughing|film|movie|nervous|exam|interview|presentation"},
    {M, "cardiac_signs2", "(clutching|holding|grabbing|gripping) (his|her|my|their) (chest|left arm|jaw) ... (grey|gray|clammy|"
                          "sweating|sweaty|pale|cold sweat|ashen|can not breathe|short of breath|dizzy|collapsed|fell)",
     "", NONE, "gym|workout|run|running|sauna|heat|hot|summer|tripped|bruise|injection|jab|vaccine|lol|haha|laughing|"
     "film|movie|nervous|exam|interview|presentation|dramatically|joke"},
    {M, "lips_blue", "(lips|face|skin|fingers|lips are|face is) .. (blue|purple|grey|gray|going blue|turning blue)",
     "from the cold|from cold|because it is cold|with cold|paint|ink|from the paint|from the dye|from the ice|"
     "lipstick|makeup|from the slushie|from the sweets|from the candy|from blueberries|from the popsicle|"
     "from the ice lolly|from swimming|in the pool|in the lake|in the sea|eyes"},
};

}  // namespace

std::span<const Rule> danger_and_medical_rules() { return OTHERS_RULES; }

}  // namespace os1::companion::safety
