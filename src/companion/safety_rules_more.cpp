// More phrase rules (eighth pass), each a general shape seen across
// authors rather than one sentence: plain ways of saying one wants out,
// hurting oneself as a habit, a horizon one does not expect to reach;
// danger in progress (someone armed, held, extorted, a threat left in
// writing); medical emergencies in lay words (an asthma attack the inhaler
// does not stop, bleeding in pregnancy, a snake bite, a hypo, a rash that
// does not fade, a child pulled out of water). Checked like every rule
// (safety_detect.cpp): negation, someone else, fiction, the past, laughter.
#include "companion/safety_rules.h"

namespace os1::companion::safety {

namespace {

// What people stop, want out of or cannot face that is not their life.
#define OUT_OF_REASON                                                                                             \
    EVERYDAY_NO_TIME "|relationship|marriage|house|town|city|contract|group|chat|band|deal|lease|country|"         \
    "friendship|fight|fights|argument|arguments|arguing|with my|with him|with her|with them|with my @rel|"          \
    "the cold|the rain|this heat|lol|haha|lmao"

const Rule PHRASE_MORE_RULES[] = {
    // --- Said indirectly -------------------------------------------------------------------
    {S, "want_out", "(just want|want|wanna|need) out ($|of this life|of life|of everything|of this world|of existence|"
                    "of it all)",
     "", ME | JOKE, OUT_OF_REASON},
    {S, "stop_fighting", "(time to|time i|want to|going to|ready to|need to|i should|i will|i am going to|just) .. "
                         "(stop fighting|give up fighting|quit fighting|stop trying to stay alive|stop trying to live)",
     "with|about|over|for|against|the|it|this|them|him|her|my|each other|back", SELF | JOKE, OUT_OF_REASON},
    {S, "end_of_road", "(end of the road|end of the line) (for me|$)", "", SELF | JOKE, OUT_OF_REASON},
    {S, "not_make_it_to", "(not|never) (think|expect|see myself|going to|plan to|plan on) .. (make it|be around|be here|"
                          "be alive|live|still be here) (to|for|until|till|past|through|by) .. (my birthday|christmas|"
                          "new year|the weekend|next week|next year|the summer|summer|spring|winter|my next birthday|"
                          "easter|the end of|results day|graduation|another year|another month|my 18th|18)",
     "", NO_NEG | JOKE, "party|flight|trip|holiday|event|concert|wedding|meeting|match|game|dinner|lunch|shift|"
                        "because of work|busy|traffic|snow|strike|lol|haha|on time|in time|deadline|project"},
    {S, "woke_disappointed", "(disappointed|annoyed|sad|upset|angry|gutted) (that|when|to) i (woke|wake|am still alive|"
                             "still woke up|am still here|survived|did not die|am alive)",
     "", JOKE, "alarm|early|late|monday|work|school|hangover|exam|lol|haha"},
    {S, "wake_disappointed", "(wake up|woke up|waking up) (disappointed|annoyed|gutted|angry|sad) (that|to be|i am|"
                             "because) (alive|i woke|still here|still alive|i am still|i am alive|i did)",
     "", JOKE, "alarm|early|late|monday|work|school|hangover|exam|lol|haha"},
    {S, "dont_mind_hit", "if (i get|i got|i was|something|a car|a bus|a truck|a lorry|a train) .. (hit|hits|run over|"
                         "ran over|killed|kills) (me)? .. (would not mind|do not mind|be relieved|"
                         "i would be relieved|be glad|would not care|do not care|so be it|would be fine|be a relief|"
                         "be grateful|be okay with it|fine by me|honestly fine|would not be sad|not be upset)",
     "", NO_NEG | JOKE, "lol|haha|lmao|monday|exam|meeting|work"},
    {S, "hoping_something", "(hoping|hope|praying|pray) (something happens|something bad happens|i crash|i do not make it|"
                            "i do not come back|someone hits me|i get hit|i do not survive)",
     "", SELF | JOKE, "to him|to her|to them|lol|haha|exam|test|interview|match|game|so i do not have to go"},
    {S, "deserve_hurt", "i .. (deserve|deserved|should) to (hurt|suffer|bleed|be in pain|feel pain|be punished|die)",
     "for|lol|haha", ME | JOKE, "gym|workout|exam|leg day|cake|pizza|lol|haha|movie|film|character"},
    {S, "still_cutting", "(still|keep|kept|been|started|start|began|relapsed into|relapsing into|back to|went back to) "
                         "cutting ($|again|and|every|when|to|because|deeper|more|myself|my arms|my legs|my wrists|"
                         "my thighs|my skin)",
     "", SELF | JOKE,
     "carbs|sugar|hair|grass|wood|paper|fabric|onions|vegetables|veg|meat|costs|class|school|corners|ties|diet|"
     "coupons|hedge|lawn|cake|bread|film|movie|video|edit|editing|tiles|keys|stone|glass|metal|pattern|sewing|"
     "hours|shifts|budget|spending|bangs|fringe|nails|toenails|back on|down on|out|lines|queue"},
    {S, "relapse_sh", "(relapse|relapsed|relapsing) (into|on|with)? (cutting|self harm|self harming|burning|"
                      "hurting myself|harming myself|scratching|my self harm)",
     "", SELF},
    {S, "hurt_arms", "@habit (hurting|hurt|cutting|burning|scratching|hitting) my (arms|arm|legs|leg|wrists|thighs|skin|"
                     "body|stomach) ... (when|till|until|because|again|to|so|every)",
     "", SELF, "accident|accidentally|gym|workout|training|sport|cooking|oven|iron|garden|gardening|thorns|brambles|"
                "cat|dog|eczema|itch|itchy|rash|mosquito|bites|sunburn|lol|haha"},
    {S, "only_way", "(hurting myself|cutting|self harm|burning myself|hitting myself|the pain) (is|was) (the only way|"
                    "the only thing|all that|what) (i can|that|to|lets me|helps|keeps me)",
     "", SELF | JOKE},
    {S, "why_not_kill", "(why should i not|why should not i|why not|give me one reason not to|one reason not to|"
                        "a reason not to|reason why i should not|convince me not to|why do i not just) .. "
                        "(@kill_myself|end it|end my life|end it all|die|do it)",
     "", NO_NEG | JOKE, "lol|haha|eat|cake|pizza|buy|quit my job|text him|text her|call him|call her"},
    {S, "normal_to_want", "(normal|ok|okay|bad|wrong|weird) to (want to|think about|wish to) (@kill_myself|kill yourself|"
                          "die|end it|end your life|end my life|not be alive|not exist)",
     "", NO_NEG, "character|story|book|film|essay|class|research"},
    // Means named with intent: a bullet, a car crashed on purpose, poison drunk, gas, a ligature tied.
    {S, "bullet_head", "(put|putting|stick|sticking) (a bullet|a gun|the gun|a pistol|his gun|dad gun) (in|to|through|against) "
                       "my (head|mouth|brain|temple|chest)",
     "", SELF | JOKE, "lol|haha|game|film|movie"},
    {S, "blow_brains", "blow (my|my own) (brains|head) (out|off)", "", SELF | JOKE, "lol|haha|game|film|movie|maths|math"},
    {S, "crash_on_purpose", "(crash|crashing|wreck|drive|driving|steer|steering) (the|my)? (car|bike|motorbike|truck|van) "
                            ".. (on purpose|deliberately|into a wall|into a tree|into the river|off the bridge|off a cliff|"
                            "into traffic|into a lorry|into oncoming)",
     "", SELF | JOKE, "game|mario kart|gta|simulator|lol|haha|dream|film|movie"},
    {S, "drink_poison", "@want (drink|swallow|take|eat|down) (the|some|a bottle of|all the|a cup of)? (bleach|antifreeze|"
                        "pesticide|poison|weed killer|weedkiller|rat poison|drain cleaner|paraquat|insecticide)",
     "", SELF | JOKE, "lol|haha|weeds|garden|rats|mice|slugs|cockroaches|ants|spray"},
    {S, "gas_engine", "(head in the oven|turn the gas on|turned the gas on|gas oven on|in the car with the engine running|"
                      "engine running in the garage|garage with the engine running|hose from the exhaust|hose to the exhaust|"
                      "hose on the exhaust|hose that fits the exhaust|exhaust pipe into|charcoal in the|burn charcoal|"
                      "burning charcoal)",
     "", SELF | JOKE, "warm up|warming up|mechanic|fixing|repair|oil change|defrost|cold morning|bbq|barbecue|grill|cook|"
                       "cooking|roast|pizza|bake|baking|lol|haha"},
    {S, "ligature_tied", "(tied|tying|tie|hung|set up|put up|fixed) (the|a|my)? (belt|rope|noose|cord|cable|ligature|scarf|"
                         "sheet) .. (to|around|from|on|over) (the|my)? (wardrobe|door|banister|bannister|beam|rail|ceiling|"
                         "hook|loft|neck|light fitting|pipe|bed frame|curtain rail|stairs)",
     "", SELF | JOKE, "swing|hammock|boat|dog|tent|clothes|washing|climbing|decorations|lights|christmas|tyre|tire|"
                       "gym|pull up|yoga|lol|haha|costume|halloween|plant|curtains"},
    {S, "not_plan_wake", "not (plan|planning|intend|intending|expect|expecting) (on|to)? (waking up|wake up|being here|"
                         "being around|being alive|seeing|still being here) (tomorrow|again|$|in the morning|next week|"
                         "after tonight|after christmas|after this|much longer|another day|next year|my birthday)",
     "", NO_NEG | JOKE, "lol|haha|early|late|alarm|party|trip|holiday|office|work|meeting|class|because i will be"},
    {S, "peace_forever", "(get|find|have|some|at) .. (peace|rest|quiet) .. (permanently|forever|for ever|for good)",
     "", SELF | JOKE, "holiday|retire|retirement|noise|neighbours|neighbors|kids|baby|headphones|earplugs|moving|"
                       "cabin|cottage|countryside|lol|haha|divorce|ex|quit|job"},
    {S, "weight_on_them", "(i am|i feel like|feel like|i am just|i am nothing but) (a|such a|the)? (weight|millstone|"
                          "dead weight|drain|burden|anchor) (around|on|to|for|dragging) .. (neck|necks|everyone|my family|"
                          "them|my parents|my kids|people|down)",
     "", SELF | JOKE, "team|project|group|gym|lol|haha|relay|race|match|game"},
    {S, "move_on_if_gone", "(move on|get over it|forget me|forget about me|carry on|not even notice|barely notice) "
                           "... (if i was gone|if i were gone|if i died|if i was dead|when i am gone|once i am gone|"
                           "after i am gone|without me|if i disappeared)",
     "", NO_NEG | JOKE, "party|trip|holiday|team|work|office|class|lol|haha|for a week|for a weekend|for a few days"},
    {S, "search_heights", "(looked up|looking up|look up|googled|googling|searched|searching|researched|researching) "
                          "(the)? (tallest|highest|deepest) (car park|building|buildings|bridge|bridges|cliff|cliffs|"
                          "tower|multistorey|multi storey|point|drop|lake|river)",
     "", SELF | JOKE, "homework|school|project|trivia|quiz|world|record|tourist|visit|trip|holiday|view|photo|climb|"
                       "history|hike|hiking|geography|lol|haha|son|daughter|kids|class"},
    {S, "starve_for_good", "(stop|stopped|stopping) eating (for good|forever|permanently|and never start|until i die|"
                           "till i die)",
     "", SELF | JOKE, "lol|haha|diet|fasting|fast|ramadan|lent|hunger strike|protest"},
    {S, "starve_to_death", "starve (myself)? to death", "", SELF | JOKE,
     "lol|haha|diet|fasting|fast|ramadan|lent|hunger strike|protest|if i do not eat|lunch|dinner|breakfast|snack"},
    // --- Danger in progress ----------------------------------------------------------------
    {D, "armed_now", "(he|she|they|someone|somebody|my @rel|he is|the man|a man|the guy|a guy) (has|have|has got|"
                     "got|is holding|is waving|grabbed|picked up|pulled out|is carrying|brought) (a|his|her|their|"
                     "the|my)? (knife|gun|machete|axe|hammer|bat|baseball bat|crowbar|weapon|blade) ($|help|and|"
                     "again|now|please|in his hand|in her hand|outside|at the door|in the house|coming)",
     "", JOKE,
     "collection|licence|license|hunting|range|kitchen|cooking|chef|camping|fishing|for work|job|army|police|"
     "soldier|museum|game|toy|film|movie|show|carving|whittling|woodwork|garden|tree|toolbox|tool kit|dinner|"
     "steak|cake|bread|vegetables|onion|lol|haha"},
    {D, "coming_to_hurt_me", "(coming|come|coming round|coming over|coming back|on their way|on his way|on her way) "
                             "(to|and)? (shoot|stab|kill|hurt|get|beat|jump|find|attack|finish) me",
     "", JOKE, "lol|haha|tickle|hug|game|prank|nerf|paintball|water gun|snowball|pick me up|get me from"},
    {D, "extortion", "(have|got|has|posted|share|leak|send) my (nudes|nude pics|nude photos|naked pictures|naked photos|"
                     "intimate photos|private photos|pictures|photos|videos) .. (pay|unless|or else|if i do not|"
                     "hurt|kill|everyone|my family|my parents|my school)",
     "", JOKE, "photographer|wedding|album|printing|instagram filter|cloud|backup|lol|haha"},
    {D, "hurt_family_if", "(hurt|kill|harm|beat|come for|go after) (my family|my parents|my mum|my mom|my dad|my kids|"
                          "my sister|my brother|my children|my little brother|my little sister) .. if i (do not|"
                          "will not|won't|tell|go to|call|leave|say)",
     "", JOKE, "lol|haha|game|film|movie|story"},
    {D, "find_me_if", "(find me|come find me|come to my house|come round|show up at my house|tell my parents|"
                      "tell everyone|share them|post them|send them to) if i (do not|will not|won't|"
                      "tell|block|go to|stop|say no|leave|report)",
     "", JOKE, "lol|haha|hide and seek|game|surprise|party|homework"},
    {D, "wont_let_me_leave", "(will not|would not|does not|did not|not|never) let me (out|leave|get out|go home|escape)",
     "", JOKE,
     "parents|mum|mom|dad|teacher|school|grounded|curfew|party|concert|sleepover|trip|phone|games|play|until i|"
     "till i|homework|chores|lol|haha|boss|work early|shift|meeting|class|game|queue|traffic|bouncer|club|"
     "airport|security|customs|doctor|hospital|nurse|cat|dog|baby|toddler|puppy|kitten|snow|rain|weather"},
    {D, "note_threat", "(note|message|text|msg|letter|comment|voicemail|graffiti) (saying|said|that said|says|that says|"
                       "reading) (i am dead|you are dead|i am next|you are next|watch your back|i will pay|you will pay|"
                       "he will kill me|they will kill me|i will die|you will die|i am going to die|you are going to die)",
     "", JOKE, "lol|haha|game|film|movie|prank|joke|halloween|mum|mom|dad|boss"},
    {D, "tried_to_kill_me", "(tried|trying|try|attempted) to (drown|kill|strangle|choke|stab|shoot|suffocate|smother|"
                            "run over|poison|burn|hang|push) me",
     "", ME | JOKE, "lol|haha|game|tickle|prank|snowball|water gun|pillow|video game|jokingly|boss fight"},
    {D, "restraining_order", "(broke|breaking|breached|breaching|violated|violating|ignoring|ignored|broken) (the|his|her|"
                             "their|a|my)? (restraining order|protection order|injunction|non molestation order|"
                             "no contact order|protective order)",
     "", NONE},
    {D, "photos_of_house", "(photos|pics|pictures|photo|picture|video|videos) of (my|our) (house|home|flat|front door|"
                           "car|street|window|bedroom|work|school|kids)",
     "", JOKE,
     "estate agent|selling|for sale|listing|insurance|street view|google|drone|architect|builder|renovation|"
     "airbnb|landlord needs|inventory|i took|i posted|i sent|we took|lol|haha|christmas|lights|decorations|"
     "garden|sunset|snow|holiday|wedding|party"},
    {D, "shaking_baby", "(shakes|shook|shaking|shake) (the|their|my|her|his|our)? (baby|newborn|infant|toddler) "
                        "(hard|really hard|violently|when|so|to|$)",
     "", JOKE, "rattle|toy|bottle|lol|haha|gently|sleep|to sleep|burp|dance|dancing"},
    // --- Medical emergencies in lay words --------------------------------------------------
    {M, "asthma_attack", "(asthma|asthma attack|inhaler|pump) ... (not working|not helping|is empty|ran out|run out|"
                         "empty|not stopping|will not stop|can not talk|can not speak|barely get a word out|"
                         "can not breathe|lips are blue|getting worse|full sentences|no effect|does nothing)",
     "", JOKE, "history|when i was|used to|as a kid|as a child|prescription|refill|repeat|pharmacy|order|"
                "ordering|appointment|next week|tomorrow|review|lol|haha"},
    {M, "pregnancy_bleeding", "(pregnant|weeks pregnant|gave birth|had a baby|had my baby|after birth|postpartum) "
                              "... (bleeding heavily|bleeding heaps|heavy bleeding|lots of blood|a lot of blood|clots|"
                              "big clots|soaking|fainted|passed out|sharp pain|severe pain|waters broke|water broke|"
                              "can not feel the baby|baby is not moving|baby has not moved|baby stopped moving|"
                              "bleeding and|blood everywhere|gushing)",
     "", JOKE, "lol|haha|friend|last year|months ago|story|film|show|normal for|is that normal at|spotting"},
    {M, "snake_bite", "(bitten by|bit by|bite from|stung by) (a|an)? (snake|adder|viper|rattlesnake|cobra|spider|"
                      "scorpion|jellyfish|box jellyfish|stonefish)",
     "", JOKE, "years ago|last year|picture|video|zoo|documentary|lol|haha|dream|game|story|film|show"},
    {M, "hypo_signs", "(diabetic|diabetes|blood sugar|sugar levels|sugar is|hypo|hypoglycemic|insulin) ... (shaking|"
                      "sweating|confused|blurry|can not think|slurring|drowsy|not making sense|passing out|"
                      "passed out|unconscious|fitting|seizure|will not wake|can not wake|collapsed)",
     "", JOKE, "biscuit|juice|glucose tablets|snack|sweets|feel better|fine now|sorted|mild|a bit|slightly|little|"
                "how do i|what foods|diet|recipe|cake|monitor|meter|appointment|nurse said|doctor said|lol|haha"},
    {M, "electrocuted", "(electrocuted|electric shock|got shocked|was shocked by) ... (not responding|unconscious|"
                        "not breathing|burns|burned|can not move|collapsed|passed out|is not moving|will not wake|"
                        "heart|chest)",
     "", JOKE, "static|lol|haha|doorknob|trampoline|tingle|funny"},
    {M, "rash_not_fading", "(rash|spots|purple spots|red spots|blotches) .. (does not fade|not fade|not fading|"
                           "will not fade|glass test|press a glass|pressed a glass|roll a glass)",
     "", NONE},
    {M, "pulled_from_water", "(fell in|fell into|went under|went through the ice|fell through the ice|pulled him out|"
                             "pulled her out|pulled them out|got him out|got her out|nearly drowned|almost drowned) "
                             "... (coughing|sleepy|drowsy|confused|not breathing|blue|freezing|cold|shaking|"
                             "vomiting|not responding|limp|unconscious)",
     "", JOKE, "phone|keys|laptop|lol|haha|film|story|dream|years ago|last summer|when i was"},
    {M, "racing_faint", "(heart|pulse) (is racing|racing|is pounding|pounding|beating so fast|is skipping|skipping|"
                        "keeps skipping|is beating|over 180|over 200|like 200) ... (faint|fainted|passed out|pass out|"
                        "chest pain|can not breathe|dizzy|black out|blacking out|blacked out|collapse)",
     "", JOKE, "coffee|espresso|energy drink|red bull|monster|crush|exam|nervous|anxious|anxiety|panic|excited|"
                "date|workout|gym|run|running|exercise|cardio|stairs|horror|film|movie|scary|lol|haha|concert|"
                "roller coaster|rollercoaster"},
    {M, "splashed_eyes", "(splashed|got|sprayed|squirted) .. (@toxic|acid|drain cleaner|oven cleaner|chemicals|"
                         "cleaning stuff|hair dye|pepper spray) .. (in my eyes|in his eyes|in her eyes|in their eyes|"
                         "in my eye|in the eyes|on my face|on my skin)",
     "", JOKE, "lol|haha|shampoo|soap|sunscreen"},
    {M, "swallowed_far", "(swallowed|ate|eaten|has eaten|ingested|has swallowed) (one|two|some|a few|several|a couple) "
                         "(of|of those|of the|of my|of his|of her) .. (@toxic|batteries|button batteries|magnets|"
                         "tablets|pills|coin batteries|laundry pods)",
     "", JOKE, "vitamins|sweets|lol|haha|chocolate|mints|gummies"},
};

}  // namespace

std::span<const Rule> more_rules() { return PHRASE_MORE_RULES; }

}  // namespace os1::companion::safety
