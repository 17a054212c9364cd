// The crisis rules for self-harm and suicide: said outright, said
// indirectly (the warning signs), and the means and the plan. Each rule:
// kind, name, pattern, `unless_after`, flags, `unless_in` (safety_rules.h).
#include "companion/safety_rules.h"

namespace os1::companion::safety {

namespace {

const Rule SELF_RULES[] = {
    // --- Self-harm and suicide, said outright -----------------------------
    // Killing oneself, by name or by method. JOKE: "lol kms" is often banter.
    {S, "kill_myself", "@kill_myself",
     "laughing|trying to|doing|on the|falling|slipping|tripping|at work|at the gym|working|studying|training|"
     "running|with work|over this|over that|cleaning|carrying|lifting|with these|with this|with all these|"
     "with all this|with late|with overtime|with stress|with junk|with coffee|with caffeine|with sugar|with exercise|"
     "with training|with studying|with revision|with worry|with worrying|with the workload|for nothing",
     JOKE},
    {S, "killed_myself_nearly", "(nearly|almost) killed myself", "on|falling|slipping|tripping|laughing|at|with|working|"
                                                                 "studying|training|running|doing|trying|in a|by|carrying|"
                                                                 "lifting|getting|skiing|cycling"},
    {S, "end_life", "(end|ending|take|taking|took|put an end to|putting an end to|end to) @my_life",
     "back|in my hands|into my own hands|for granted|seriously|savings|in my hands"},
    {S, "end_it_all", "(end|ending) (it all|everything|my existence|my suffering|the suffering)"},
    {S, "end_it", "@want (end|ending) (it|things) $"},
    {S, "end_it_soon", "@want (end|ending) (it|things) (tonight|today|soon|now|tomorrow|this week|this weekend|for good)"},
    {S, "suicidal", "suicidal", "", SELF, GENERAL_TALK},
    {S, "suicide", "suicide", "", SELF | MINE, GENERAL_TALK},
    {S, "suicide_way", "suicide (is|seems|feels like|feels) (the|my)? (only|best|easiest|last)? (way out|option|answer|choice|"
                       "solution|way)",
     "", SELF, GENERAL_TALK},
    {S, "suicide_attempt", "(attempted|attempt|tried|try) .. (suicide|to kill myself|to end my life|to die|to overdose|to hang myself)"},
    {S, "self_harm", "@self_harm", "", SELF},
    {S, "hurt_self_intent", "@want @hurt_self", "", SELF},
    {S, "hurt_self_habit", "@habit @hurt_self", "", SELF},
    {S, "hurt_self_again",
     "@hurt_self ... (again|on purpose|deliberately|to feel|when it gets|until|till|every day|every night|to cope|"
     "to punish|because i deserve|for weeks|for months|for days|as punishment|to make it stop|to feel something|deeper|"
     "worse than|than usual|than before|than last time|really deep|too deep|so deep|until i bruise|until it bruises)",
     "at the gym|playing|at football|skiing|running|training|at work|cooking"},
    {S, "cutting", "(cutting|burning) myself",
     "a|an|some|off|free|loose|slack|short|out of|down|on the|while|cooking|with the iron|ironing|shaving|by accident"},
    {S, "cut_again", "(i|relapsed|relapse|started|i have) .. (cut|cutting|self harmed|self harming|harmed|burned myself|"
                     "burnt myself|hurt myself) again"},
    {S, "urge_cut", "(urge to|urges to|tempted to|want to|wanted to|need to) (cut|self harm|burn|cut again|self harm again)",
     "the|a|it|down|back|out|up|my hair|some|off|ties|loose|corners|class|school|in|into|costs|spending|sugar|carbs", SELF},
    {S, "razor_to", "(took|take|taking|put|used|use|using) (a|the|my)? (razor|blade|knife|razor blade|lighter|scissors) "
                    "(to|on) my (arm|arms|wrist|wrists|skin|leg|legs|thigh|thighs|body|stomach|hips)",
     "hair|to shave|shaving", SELF},
    {S, "cut_wrists", "(cut|slit|slashed|sliced|cutting|slitting|slicing|slashing) my (wrists|wrist|arms|thighs|forearms|arm|"
                      "leg|legs|thigh|skin|stomach|forearm) .. (again|open|up|tonight|deep|to|until|till|because|when|"
                      "so|on purpose|$)",
     "on|opening|while|by accident|accidentally|with a can|on glass|on the glass|on broken|open on|doing|cooking", SELF},
    {S, "means_ready", "(got|have|holding|counted out|lined up|sitting here with|sat here with|looking at|staring at) (a|an|the|my|all the|"
                       "all my|all of my)? (@drug|rope|noose|razor|razor blade|blade|gun|knife) (in front of me|ready|lined up|"
                       "counted out|in my hand|next to me|on the table|right here|set up|tied)",
     "for my headache|for the trip|to take to|for the|for my|for a|for his|for her|for our|for their|for when the|"
     "to cook|to carve|to cut the", SELF,
     "dice|chop|slice|peel|recipe|onion|onions|carrot|vegetables|veg|meat|cook|cooking|bread|best way to|dose|"
     "doses|dosette|organiser|organizer|pill box|prescription|morning|evening|bedtime|with breakfast|with dinner|"
     "for mum|for dad|for my mum|for my dad|for nan|for grandma|for grandad|for the week"},
    {S, "feel_nothing", "@want (stop feeling|not feel anything|feel nothing|stop feeling anything|not feel) (anything|everything)? "
                        "(forever|ever again|permanently|for good|anymore)",
     "", SELF},
    {S, "bleed_self", "(scratching|scratch|scratched|hitting|punching|biting|picking at|picking) (myself|my arms|my skin|"
                      "my wrists|my legs|at my skin|at my arms) .. (until|till) .. (bleed|bleeds|bled|bleeding)"},
    {S, "starving", "(starving myself|make myself throw up|making myself throw up|making myself sick|stopped eating to punish)"},
    {S, "want_die", "@want @die",
     "of|from|for|laughing|on|in a|at the|at a|at age|at an old|at #many|alone|happy|peacefully|when i am old|old|with|"
     "in your arms|in my sleep when|"
     "my hair|hair|after|before i|trying|if|when|in this heat|in this|a little|inside when|of embarrassment|than|by|before|from|for a",
     ME | JOKE,
     // "If I have to sit through another meeting I'll die": an everyday condition.
     "if i have to|if i see|if i hear|if i do not get|if this|if they|if you|if he|if she|if we|if my|if the|"
     "if i miss|if i eat|if i lose|unless i get|unless i eat|without coffee|without food|my shift|heading out|"
     "clocking off|leaving at|leave at|finish at|off at"},
    {S, "wish_dead", "(wish|wishing|wished) i .. (dead|gone|never born|never been born|not alive|not here|could die|would die|had died|"
                     "did not exist|was not born|would not wake up|could disappear|never existed|could disappear forever|"
                     "could vanish|could not exist|could sleep forever|could fall asleep forever|was never born|"
                     "were never born|could stop existing|could end it|could just end it)",
     "of|from|for|laughing|on|to|in the", NO_NEG | JOKE},
    {S, "hope_die", "(hope|hoping|pray|praying) (i die|i do not wake up|i never wake up|i get hit by|something kills me|"
                    "i do not make it|i die in my sleep|it ends soon|i will not wake up)",
     "of|laughing|late|early|on time|in time|before|at|with a|hungover|sick|with|until|till|for"},
    {S, "hope_something", "(hope|hoping|wish|wishing|wished|pray|praying) (something|a car|a bus|an accident|a truck|lightning|"
                          "something bad|the plane|someone|a train) .. (happens to me|hits me|kills me|takes me|runs me over|"
                          "crashes|ends me|finishes me off|hit me|run me over|knock me down|kill me|take me)",
     "", SELF},
    {S, "better_dead", "(better off dead|better dead|rather be dead|rather die|should be dead|should have died|"
                       "deserve to die|might as well die|might as well be dead|better off gone|better off not existing|"
                       "better off not here|be better off dead|happier dead|be happier dead|happier if i was dead|"
                       "happier not existing|be happier gone|be better gone|rather not exist|rather not be alive|"
                       "rather not wake up|rather not be here)",
     "than|if i have to|if i had to|instead|then|before", JOKE},
    // Not wanting to live: the negation is the signal itself (NO_NEG).
    {S, "not_want_live", "(not|no longer) (want to|wish to|feel like|wanna) @live_on ($|anymore|any longer|another day|like this|"
                         "tomorrow|in this world|this life|my life|any more|through another day|through another night|"
                         "through this anymore|through tomorrow|another minute|another week)",
     "", NO_NEG},
    {S, "not_want_live_more", "(not|no longer) (want to|wish to|feel like) @live_more (anymore|any longer|ever again|again|any more)",
     "", NO_NEG},
    {S, "want_live_anymore", "want to @live_more (anymore|any longer|much longer|for much longer|for long)"},
    {S, "not_sure_live", "(not sure|unsure|do not know if|do not know whether|doubt|not certain) i .. (want to|can) @live_on",
     "in|with|near|at|there|abroad|on|here|without"},
    {S, "stop_existing", "(stop existing|stop living|not exist anymore|not be alive anymore|cease to exist|stop being alive)",
     "than|if|when|in|at|on|for a", SELF | JOKE, MUNDANE},
    {S, "tired_of_living", "(tired|sick|done|finished|exhausted|weary|fed up|worn out) (of|with|from) (living|life|existing|being alive|"
                           "breathing|being a person|being in this body|"
                           "being here|it all|everything|this life|my life|waking up|being me|trying to stay alive|all of it)",
     "admin|in|insurance|lessons|being so expensive|being expensive|going|on|at|being broke|coaching|updates|drama|"
     "early|for work|so early|in the morning|at six|at 6|at five|at 5|to alarms|to my alarm|to the alarm|"
     "with my|with the|with a|with him|with her|with them|with people|with roommates|with flatmates|with family|"
     "under|near|abroad|paycheck to paycheck|paycheck|from|out of|off|together|so far|in the city|"
     "for today|for the day|for now|for the week|today|tonight|this week|for this",
     SELF, MUNDANE},
    {S, "give_up", "(give|giving|gave|given) up on (life|living|everything|myself|it all|the fight|trying to live|"
                   "staying alive|being alive)",
     "", ME},
    {S, "ready_give_up", "(ready to|about to|going to|want to) give up ($|on everything|on life|on myself|for good)", "", ME, MUNDANE},
    // --- Said indirectly: the warning signs --------------------------------
    // Others better off without them; nobody would notice.
    {S, "better_without_me", "(better|happier|easier|fine|okay|nicer|lighter|simpler|relieved) ... (without me|with me gone|"
                             "once i am gone|when i am gone|with me out of the way|without me around|without me here|"
                             "without me in it)",
     "at the party|on the team|in the group|in the band|at work|on the project|for the trip|tonight|for the weekend|"
     "for a|for the|for two|for three|for one|for once|while|this|today|for today|on|at|as"},
    {S, "better_if_gone", "(better|happier|easier|fine|okay|nicer|lighter|simpler|happy|relieved) ... if i .. @gone", "", NO_NEG},
    {S, "never_born", "if i .. (never been born|never born|never existed|was never born|were never born|had never been born)",
     "", NO_NEG},
    {S, "nobody_cares", "(nobody|no one|none of them|not a single person) .. (care|notice|miss me|mind|cry|remember me|"
                        "care at all|even notice|notice at all) .. (if|when|that) i .. (die|died|dead|gone|disappeared|"
                        "killed myself|was gone|were gone|not here|not around|vanished|stopped existing|ended it|"
                        "was dead|left this world|did not wake up|was not here|never woke up|stopped breathing|"
                        "was not here anymore|went away forever|was not around)",
     "", NO_NEG},
    {S, "nobody_miss_me", "(nobody|no one) .. (miss me|notice i was gone|notice i am gone|care if i live or die|"
                          "care whether i live or die|care if i die|care if i died|notice if i died|"
                          "notice if i disappeared|care if i disappeared|notice if i was gone)",
     "at the|at work|tonight|this weekend|on the|if i skipped|if i missed|if i skip|if i miss|if i left early|"
     "if i did not come|if i did not go|if i did not show up|if i did not turn up|if i stayed home|if i stayed in",
     NO_NEG},
    {S, "live_or_die", "(if i live or die|whether i live or die|if i am alive or dead|whether i am alive or dead)"},
    {S, "no_point", "(point|reason|purpose|use|sense) (in|of|to)? @go_on",
     "is|was|according|in the|of the|of this|of that|my|he|she|they|you|we|your|his|her|their|on the|at the|"
     "about the|he says|she says", NO_NEG},
    {S, "no_point_anymore", "(point|reason|purpose) (anymore|any longer|any more)", "", NO_NEG},
    {S, "no_reason_live", "(no|nothing|nobody|no one|no reason|nothing left|not have anything|not anything|none) .. "
                          "(to live for|worth living for|to keep going for|to stay alive for|to stay for|to keep living|"
                          "to go on|to keep going|to be alive|to stay alive|to live|left to live for|to wake up for)",
     "the|a|with|holiday|trip|tour|about|and on|in|there|here|near|at|on", NO_NEG},
    {S, "not_deserve_live", "not deserve (to live|to be alive|to exist|to be here|life|to be happy and alive|to wake up)",
     "in|with|there|here", NO_NEG},
    {S, "life_worthless", "(life|living|my existence|my life|existing) .. (not worth living|pointless|meaningless|worthless|"
                          "hopeless|not worth it|a waste|has no meaning|has no point|has no purpose|means nothing|is over|"
                          "over|not worth anything|empty and pointless|no point|not worth the pain)",
     "of the|of a|insurance|savings|admin|expectancy|in the|at the|for the|for a|for this|for that|lesson|lessons|"
     "coach|hack|hacks|style|story|stories|goals|drawing", SELF | JOKE},
    {S, "not_worth_living", "(not worth living|not worth being alive|not worth the pain anymore|not worth it anymore)", "", NO_NEG},
    // Sleep that does not end.
    {S, "never_wake", "(sleep|asleep|bed|close my eyes) ... and? (not|never) (wake|to wake)",
     "at night|during the night|in the night|early|for|until|till|on time|when|before|up at night|up early", NO_NEG},
    {S, "not_wake_hope", "(hope|wish|want|pray|praying|hoping) .. (not|never) (wake|to wake)",
     "early|at|for|before|until|till|on time|when the alarm|this early|up early|up at|up before|up late|late|up in time|"
     "up on time|up with|up hungover|up sick|up too|in time", NO_NEG},
    {S, "sleep_forever", "(want to|wish i could|wish to|wanna|go to|fall|wish i would|want to go to|just want to|"
                         "need to|wish i could go to|wish i could fall|going to|ready to|about to) ... (sleep|asleep|rest) (forever|for ever|eternally|"
                         "permanently|and never come back|and not come back)",
     "after|when|this weekend|on|all|until|till|because|lol", ME},
    {S, "disappear", "(want to|wish i could|wish i would|wish to|going to|need to|wanna|want) (disappear|vanish)",
     "to|for|into|under|from|on|off|with|in|at|somewhere|abroad|until|till|from work|from this party|for a|"
     "from this meeting|from the party|under a blanket|under the covers",
     ME},
    // Goodbyes, giving things away, "won't be a burden much longer".
    {S, "giving_away", "(giving|given|gave|give|started giving|been giving) (away)? (my|all my|all of my) .. (things|stuff|"
                       "belongings|possessions|prized possessions|treasured things|stuff away|things away|belongings away)"},
    {S, "giving_everything", "(giving|gave|given|give) (everything|all my stuff|all my things|it all) away"},
    {S, "sorting_affairs", "(putting my affairs in order|getting my affairs in order|sorted out my affairs|"
                           "who gets my things|who will take my|who will look after my cat when i am|"
                           "found a new home for my|written my will and|looked after when i am gone|"
                           "will be looked after when i am gone|taken care of when i am gone)"},
    {S, "burden", "burden @burden_whom", "", SELF},
    {S, "burden_soon", "burden .. (much longer|for long|for much longer|anymore|any longer)", "", NO_NEG | SELF},
    {S, "burden_be", "(i am a|i am such a|i feel like a|i feel like such a|i am nothing but a|being a|tired of being a|"
                     "i feel like i am a|i am only a|i am a huge|i am a massive|i am an|i will always be a) burden",
     "when i ask|with homework|with my homework|for asking|sometimes|on my friends when|when i need", SELF | JOKE},
    {S, "not_be_around", "not (be|going to be) .. (around|here|alive|a problem|anyone problem|a burden|a bother|"
                         "in your way|in the way|anyone burden|your problem|their problem|a problem for anyone|"
                         "bothering anyone|bothering you) .. (much longer|for long|for much longer|anymore|soon|"
                         "after tonight|after today|by tomorrow|this time next week|any longer|much more|forever|"
                         "for you to worry about|to see it|to see that|to see them|to see you|to see things|to see)",
     "today|tonight|tomorrow|next|this|at|on|in the|because|for the", NO_NEG,
     // "I won't be here much longer, my shift ends at six": somewhere to be, not the end.
     "shift|heading out|clocking off|leaving at|leave at|finish at|off at|home at|meeting|train|bus|flight|holiday|"
     "dentist|doctor|appointment"},
    {S, "not_worry_about_me", "not (have to|need to|going to have to) (worry about me|deal with me|put up with me|look after me) "
                              "(anymore|any longer|much longer|for long|soon|again|ever again)",
     "", NO_NEG},
    {S, "not_wake_tomorrow", "not (want to|wish to) wake up (tomorrow|$|ever|ever again|again|in the morning|anymore)", "", NO_NEG},
    {S, "last_night", "(my|this is my|this will be my|tonight is my|today is my|this is going to be my) (last night|last day|"
                      "final night|final day|last week) (alive|on earth|$|of my life|in this world)"},
    {S, "not_do_life", "not want to (do|live) (this life|life|this life thing|life anymore|this anymore) .. (anymore|any longer|$)",
     "", NO_NEG},
    {S, "pretending", "(tired of|sick of|done|exhausted from|can not keep) pretending ... (alive|to live|okay|ok|fine|to be happy)",
     "at work|in front of my boss|at school|in class|for the camera|on instagram", SELF},
    {S, "pills_and_drink", "@drug .. (and|with) (vodka|alcohol|wine|whiskey|whisky|booze|gin|rum)", "", SELF,
     "can i|is it safe|safe to|okay to|ok to|should i|how long|wait before|allowed|interact|interaction|mix|mixing"},
    {S, "drink_and_pills", "(vodka|alcohol|wine|whiskey|whisky|booze|gin|rum) .. (and|with) (all|all of)? (my|the)? @drug", "", SELF,
     "can i|is it safe|safe to|okay to|ok to|should i|how long|wait before|allowed|interact|interaction|mix|mixing"},
    {S, "pills_done", "(all my|all the|all of my|my|the) @drug .. (i am done|goodbye|this is it|tonight is the night|and i am done)",
     "", SELF},
    {S, "done_trying", "(done|tired of|sick of|finished) (trying|fighting|pretending) ($|anymore|any longer)", "", SELF, MUNDANE},
    {S, "made_peace", "(made|making|make) my peace ($|with dying|with death|with it all|with everything|with leaving|"
                      "with the world|with god)"},
    {S, "waiting_to_die", "waiting (to die|for death|for the end|for it all to end|to not be here|for my life to end)", "", ME},
    {S, "not_see_myself", "not see myself (being around|being here|being alive|living|making it|alive|surviving|lasting) .. "
                          "(much longer|for long|next year|another year|anymore|$|past|to|until|through)",
     "in this job|at this company|in this house|in this city|here in|working|doing this job", NO_NEG},
    {S, "not_think_around", "not think i (will|would|am going to) (be around|be here|be alive|make it|last|survive) "
                            "(to see|for|much longer|by|next|at|until|till|$|long|another|through the night|through tonight|"
                            "through the week|through this|to the morning|to tomorrow|till morning|until morning)",
     "the party|the meeting|the weekend|the trip|dinner|for dinner|for the|at the|in time|shift|without coffee|awake|"
     "without falling asleep|without snacks|without sleep|without sleeping|without a nap", NO_NEG},
    {S, "anyone_care", "(anyone|anybody|people|they|someone|my family|my friends) .. (care|notice|miss me|cry|come to my funeral|"
                       "be sad|be upset) .. if i .. (die|died|dead|gone|disappeared|killed myself|not here|vanished|"
                       "was gone|never came back|was dead)",
     "", NO_NEG},
    {S, "peaceful_not_exist", "(peaceful|nice|easier|better|a relief|relief|calm|quiet) ... (to not exist|not to exist|"
                              "to not be here|to be dead|to die|to disappear forever|to never wake up|to not wake up|"
                              "to stop existing|if i was dead|if i died|if i did not exist|if i was not here)",
     "on|at|for|when|during|this|tomorrow|today|tonight|next|in|with", SELF},
    {S, "counting_down", "(counting down|count down|waiting for the day|marking the days) ... (end this|end it|die|be gone|"
                         "end my life|not be here|leave this world|check out|end everything|go for good|kill myself)",
     "", SELF},
    {S, "fine_not_waking", "if i (did not|do not|never|would not|could not|was not to|were not to|happened not to|just did not) "
                           "(wake up|woke up|make it|survive) ... (fine|okay|ok|good|better|relief|relieved|not mind|"
                           "happy|glad|not care|no big deal|would not be so bad|for the best)",
     "", NO_NEG | SELF},
    {S, "out_of_reasons", "(run out of|ran out of|running out of|out of|lost all|no more|lost my|lost all my|have no more) "
                          "(reasons|reason) (to live|to keep going|to go on|to stay|to carry on|to be alive|to keep living|"
                          "to stay alive|to wake up|to get up)",
     "", NO_NEG | SELF},
    {S, "burn_skin", "(burning|burn|burned|burnt|scratching|scratch|carving|carved|carve|cutting|cut|picking|picked) my "
                     "(skin|arm|arms|wrist|wrists|legs|thighs|thigh|stomach|hips) (with|until|till|again|on purpose|"
                     "to feel|to cope|when|raw|open|deliberately)",
     "in the sun|at the beach|on the stove|on the oven|cooking|with the iron|with sunscreen|with the curling|"
     "with my curling|with hair|with wax|when waxing|when shaving|with a razor while shaving", SELF},
    {S, "not_needed", "(the world|this world|the universe|nobody|no one|anyone|everyone|my family) .. (not need me|does not need me|"
                      "needs me|is better without me|would be better without me)",
     "to|for|at|on|in the|anymore at|anymore for|tonight|today", NO_NEG | SELF},
    {S, "already_gone", "(feel|feels|feeling) like i am (already gone|already dead|not even here anymore|a ghost already|"
                        "not really alive|dead already)"},
    {S, "want_out_life", "want out (of this life|of life|of this world|of existence|of everything|of being alive|of living)"},
    {S, "pills_looking", "(looking at|staring at|keep looking at|been looking at|counting|counted|lined up|lining up) (the|my|all the|"
                         "all my|all of my) @drug",
     "label|instructions|prescription|dosage|dose|to see|to check|expiry|to find|for my|for the|online|at the pharmacy|"
     "at the chemist|prices|price", SELF},
    {S, "no_reason_for_me", "(no|not any|not a) (reason|point) (for me)? (to be here|to exist|to live|to be alive|to stay|to keep going|"
                            "to go on|to keep living|in me being here|in me being alive|in my existence)",
     "at|tonight|today|early|anymore at|for the|in the|on the|this weekend", NO_NEG},
    {S, "sleep_stay", "(sleep|go to sleep|fall asleep|close my eyes) ... (stay asleep|stay asleep forever|never come back|"
                      "not come back|stay that way forever|never open them again|not open them again)",
     "all day|until|till|for|through|in|on", SELF},
    {S, "too_painful_live", "(too painful|too hard|too much|too heavy|unbearable|impossible|too exhausting) (to keep living|to go on|"
                            "to keep going|to live|to carry on|to stay alive|to continue living|to be alive|to exist)",
     "with|on|at|in|like this at|here|there|this way at|without my", SELF},
    {S, "move_on_if_died", "(move on|forget me|get over it|be fine|carry on|barely notice|even notice|be okay|cope|be happier|"
                           "be better|be relieved|throw a party|celebrate|not care) .. if i .. (died|was gone|disappeared|"
                           "killed myself|was dead|were gone|left forever|were dead|was not here|were not here|"
                           "never came back|went away forever|stopped existing)",
     "", NO_NEG},
    {S, "gave_away_because", "(gave|given|giving|give) (away)? (my|all my) ... because i (will not|am not going to|do not|would not) "
                             "(need|be here|be around|be able|be alive|have to)",
     "for work|at work|in my new|when i move|after the move|because i am moving|to move|in the new"},
    {S, "not_see_old", "not see myself (getting old|getting older|growing old|living long|reaching #many|making it to #many|"
                       "turning #many|having a future|in the future|in a year|next year|alive at|alive in|reaching old age|"
                       "living past|making it past)",
     "in this job|at this company|working|doing this|married|with him|with her|having kids|in this city", NO_NEG},
    {S, "favour", "(favour|favor) .. (by disappearing|if i disappeared|if i died|if i was gone|if i were gone|by dying|"
                  "by killing myself|by not being here|by leaving for good|by ending it|if i ended it|by going away for good)"},
    {S, "gone_for_good", "(disappear|disappearing|vanish|vanishing|be gone|leave this world|leaving this world|go away|"
                         "going away) (for good|forever|permanently)",
     "from social media|from instagram|from twitter|from tiktok|from facebook|from work|from this|from the group|to|on",
     ME},
    {S, "why_go_on", "(why should i|why would i|why do i|why bother|why even|why should i even|why would i even) "
                     "(keep going|go on|carry on|keep living|live|stay alive|bother living|try anymore|be alive|exist|"
                     "wake up)",
     "to|with|at|on|in|there|here|working|studying|with this"},
    {S, "only_way", "(only way|only option|only answer|only solution|only escape|only way out) ... (not be here|die|dying|"
                    "not exist|end it|ending it|kill myself|killing myself|be gone|disappear|death|suicide|"
                    "not being here|not being alive|not to be here|not to exist|to not exist|to not be here|to die)"},
    {S, "no_reason_carry_on", "(no|not see any|not see a|stopped seeing any|stopped seeing a|lost any|lost every|can not find a|"
                              "can not find any|can not think of a|can not think of any|not have a|not have any|without a|"
                              "without any|there is no|not have one|not got a|not got any) reason to (carry on|go on|"
                              "keep going|live|stay alive|keep living|be alive|wake up|get up anymore|exist|stay|be here|"
                              "keep trying|try anymore)",
     "the|a|with|holiday|trip|tour|about|in|there|here|near|at|on|this|that|for the|for a", NO_NEG},
    {S, "goodbye", "(goodbye letter|goodbye letters|goodbye note|goodbye notes|suicide note|suicide letter|"
                   "say goodbye to everyone|said goodbye to everyone|saying goodbye to everyone|saying my goodbyes|"
                   "said goodbye to the people|saying goodbye to the people|said goodbye to everybody|"
                   "letters to people in case|letters for when i am gone|letter for when i am gone|"
                   "in case something happens to me and|for after i am gone|"
                   "said my goodbyes|say my goodbyes|written my goodbyes|wrote my goodbyes|writing my goodbyes|"
                   "this is goodbye|goodbye forever|final goodbye|"
                   "by the time you read this|my last message|last time you hear from me|"
                   "tell them i love them|letters to my family|letters to everyone|last goodbye|"
                   "my final message|wrote a note for my family|leaving a note for my family|"
                   "one last time before i go|before i go for good)",
     "tonight|today|before|for today|of the day|for now|for tonight|of the night|for the day|before i go to bed|"
     "before bed|before my|of the|for the|before the|before i move|before i leave",
     NONE, "flight|bed|chat|talk tomorrow|see you|speak soon|talk soon|later|night night|sleep|boarding|holiday"},
    // Can't go on.
    {S, "cant_go_on", "(can not|could not|not able to|unable to|do not want to|can not bear to) (go on|carry on|keep going|"
                      "continue|take it anymore|take this anymore|take any more|cope|live like this|do this anymore|"
                      "handle this anymore|keep living|keep doing this|face another day|face tomorrow|survive this|"
                      "do it anymore|bear it|bear this|bear it anymore|take the pain|handle it anymore|keep fighting|"
                      "do life|do life anymore|live with this|live with myself)",
     "the|a|with|to|on|at|for|holiday|trip|tour|without|today|tonight|if|since|because|until|unless|after|working|"
     "studying|this job|in this job|here|my|your|his|her|this course|this class|this project|and|this month|"
     "this week|without coffee|in this heat|doing|like this with|like this without|like this at|like this in|"
     "like this on|like this for|like this because of the|like this until",
     NO_NEG | JOKE, MUNDANE},
    {S, "how_much_longer", "(how much longer|how long) (i can|can i|i am able to|i will be able to) .. (keep going|go on|"
                           "hold on|take this|take it|do this|cope|survive|keep living|keep fighting|last|carry on)",
     "on|with|without|before|at|for|in|until|till|like this at"},
    {S, "no_way_out", "(no way out|no escape|only way out|only way to make it stop|only way to end the pain|only option left|"
                      "see no way out|see no future|no future for me|have no future|no hope left|no hope for me|"
                      "lost all hope|there is no hope|given up hope|gave up hope|no other way out|nothing left for me|"
                      "nothing left to live for|nothing to live for)",
     "of the|of this building|of this maze|of this contract|of this parking|of the parking|of the deal|of this lease|"
     "of this meeting|of the room|of this room|for the team|from this meeting|of this game|of this level|of this job|"
     "from this job|of my contract|of this class|at the|in the fridge|to eat|to do|to buy|in the shop|in the box|"
     "on the menu|in the bank|but",
     NO_NEG | SELF},
    {S, "cant_see_way", "(can not|could not|not|do not|no longer) see (a|any|the)? (way out|way forward|future|light|point in "
                        "living|reason to live|end to this|other way|future for myself|way through this|life ahead)",
     "of the|of this building|of this maze|of this contract|of this parking|of this meeting|of this job|of this level",
     NO_NEG | SELF},
    {S, "all_to_end", "(want|wish|need|wanted|wanting) (it all|everything|the pain|all of it|my life|life|this life|"
                      "all this pain|the suffering|my suffering|it|existence) (to end|to stop|to be over|to just end|"
                      "to end forever|to stop forever|to be over forever)",
     "so i can|early|soon so|so that|and then|before|raining|snowing|ringing|beeping|buzzing|barking|already so|"
     "for a|for one|for an|for five|for ten|for just", SELF,
     ENDURANCE},
    {S, "wish_it_end", "(wish|want|need|hope|hoping|wishing) (it|everything|it all|life|my life|all of it|this life|the pain) "
                       "(would|could|will|to)? (all)? (end|stop|be over|just end|end forever|stop forever|finish)",
     "so i can|early|soon so|so that|and then|before|raining|snowing|ringing|beeping|buzzing|barking|already so|"
     "for a|for one|for an|for five|for ten|for just", SELF,
     ENDURANCE},
    {S, "want_end_it_all", "(want|wish|need|wanted) ... (to end it all|to end everything|to end my suffering|"
                           "to end the pain forever|all to stop|all to end|all to be over)"},
    {S, "tired_of_fighting", "(tired of fighting|tired of trying|tired of struggling|can not fight anymore|"
                             "can not fight it anymore|tired of being alive|tired of pretending i am okay|"
                             "exhausted from fighting|sick of fighting|done fighting|tired of surviving|tired of existing)",
     "with|for|against|the|about|over|my|his|her|our|traffic|this cold|in|at|him|her|them|you", NONE, MUNDANE},
    {S, "thinking_death", "(think|thinking|thought|thoughts|fantasize|fantasizing|dream|dreaming|obsessing|obsessed|picturing|"
                          "imagining|imagine|picture) .. (about|of)? (death|dying|being dead|not being here|not existing|not waking up|ending it|"
                          "ending things|ending my life|killing myself|suicide|disappearing forever|how to die|"
                          "my funeral|my own funeral|crashing my car|driving off a|walking into traffic|"
                          "taking all my pills|taking my life|ending it all|not being alive|how i would do it|"
                          "how to do it|not being around|my own death)",
     "of my|of a|of the|of his|of her|in the|in a|in films|in movies|as a concept|in philosophy|in class|and taxes|"
     "with him|with her|with them|with my|for my essay|for the essay|with the|at work|in general",
     SELF, "since my|since he|since she|since they|since we|since @rel|passed away|died|loss of|lost my"},
    // The means and the plan.
    {S, "means", "(stockpiling|saving|saved|hoarding|collecting|stashing|stashed|hoarded|saving up|stock piling) "
                 "(my|up|up my|some|all my|up all my)? @drug",
     "for the trip|for travel|for the holiday|in the cupboard|in the cabinet|for later use|for my", SELF},
    {S, "means_saved", "@drug (saved up|saved|stockpiled|hoarded|stashed|set aside|ready for when|put aside|hidden away)", "",
     SELF},
    {S, "lethal", "(lethal dose|fatal dose|painless way to die|painless ways to die|painless way to go|quickest way to die|"
                  "easiest way to die|best way to die|ways to die|how to die|how to end my life|how to end it all|"
                  "bought a rope|tied a noose|a noose|bought a gun to|method to die|way to end it|ways to kill myself|"
                  "how to kill myself|least painful way|ways to end it|how much would kill me|enough to kill me|painless way|"
                  "way to kill yourself|ways to kill yourself|how to kill yourself|how do you kill yourself|"
                  "enough to die|would it kill me)",
     "", SELF},
    {S, "how_many_pills", "how many @drug .. (to die|would kill|does it take|to overdose|is lethal|would it take|to kill|"
                          "are lethal|is a lethal|would be fatal|is fatal|kill you|kill a person)"},
    {S, "jump", "@want (jump|throw myself|step|walk|drive|crash|jumping|stepping|walking|driving|crashing|lie down) (off|from|"
                "in front of|into|under|onto|on) (a|the|my|an)? (bridge|roof|building|balcony|cliff|window|tower|ledge|"
                "train|bus|car|truck|traffic|lorry|tree|wall|river|sea|motorway|highway|tracks|railway|oncoming|"
                "rooftop|train tracks|railway tracks|car park|multi storey|parking garage|skyscraper)",
     "for fun|into the pool|in the pool|into bed|for a swim|to swim", SELF},
    {S, "on_the_edge", "(standing on|on the edge of|on top of|at the edge of|up on|sitting on|at|on|standing at|by) (the|a|my)? "
                       "(bridge|roof|ledge|cliff|balcony|platform|building|rooftop|edge|train station|station|tracks|"
                       "railway|train tracks|top floor|cliffs|car park roof|river) ... (jump|let go|end it|step off|"
                       "step in front|throw myself|going to do it|do it)",
     "for joy|up and down|on the train|on a train|on the bus|in the pool|in the lake|in the sea|in|into the water for|"
     "on board|on it|at the chance|the queue|the gun|ship|the line|with a|off the", SELF},
    {S, "drive_into", "@want (drive|crash|driving|crashing|steer|steering) (my car|the car|off the road|into|off|my car off) "
                      "... (tree|wall|oncoming|cliff|river|bridge|barrier|lorry|truck|road|traffic)",
     "", SELF},
    {S, "overdose_intent", "@want (overdose|overdosing|take all my @drug|take all the @drug|take all of my @drug|"
                           "swallow all|take everything in the medicine cabinet|take an overdose|take the whole bottle|"
                           "take every|swallow every)"},

};

}  // namespace

std::span<const Rule> self_harm_rules() { return SELF_RULES; }

}  // namespace os1::companion::safety
