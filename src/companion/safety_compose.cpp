// The compositional layer of the crisis detector. The phrase rules
// (safety_rules_self.cpp, safety_rules_others.cpp) know how people most
// often say it; people also say it in ways nobody listed. So here the
// rules are combinations of cue CLASSES, each a broad list of words with
// their inflections and synonyms:
//
//   wish   x end        "i'd like to just stop existing", "i need to die"
//   think  x end        "my mind keeps going back to killing myself"
//   weight x scope      "i'm so done with life", "what's the point of any of it"
//   burden              "i'm nothing but a burden to my family"
//   react  x absence    "nobody would even notice if i vanished"
//   final  x horizon    "i won't be around for much longer"
//   harm   x body x why "been burning my arms again so no one sees"
//   means  x intent     "might just swallow all of them"
//
// A combination fires within one clause, and only when the checks every
// rule gets (safety_detect.cpp: negation, someone else as the subject,
// fiction, the past, laughter) and the EVERYDAY context below let it: "i'm
// so done with this commute", "i wish i could disappear from this
// meeting", "nobody would notice if i skipped class". Not yet done: cues
// split across clauses ("this is my last message. thank you for
// everything"), which need the message as a whole.
//
// Checked against every hard negative of bench/data/safety (dev,
// held-out, fresh3_dev): a new combination that fires on an everyday
// sentence gets a narrower class or an EVERYDAY word, never a one-off.
#include "companion/safety_match.h"
#include "companion/safety_rules.h"

namespace os1::companion::safety {

// EVERYDAY (safety_rules.h): what people are busy with, go to or get through.
const char* const EVERYDAY_CONTEXT = EVERYDAY;

namespace {

// The cue classes. Inflections and spellings are listed out: the
// normaliser has already expanded contractions and chat shorthand, and
// dropped fillers ("so", "just", "really"), so no phrase here has them.
const std::pair<const char*, const char*> CUE_SETS[] = {
    // Wishing, needing, intending, planning.
    {"c_wish",
     "@want|wish i was able to|would love to|would like to|long to|longing to|yearn to|yearning to|desperate to|"
     "can not wait to|might|might as well|i will|need|would|rather|pray to|praying to|all i want is to|"
     "all i want to do is|want nothing more than to|am ready to|i am going to|decided i will|been meaning to|"
     "keep wanting to|want to go and|wish i could go and|i want|wish|hoping to|aching to"},
    // The end, as a verb after "to": dying, not being, disappearing for good.
    {"c_end",
     "die|be dead|be dead already|drop dead|not exist|not exist anymore|not to exist|stop existing|cease to exist|"
     "cease existing|stop living|stop being alive|stop breathing|not be alive|not be here|not be around|"
     "not be here anymore|not be around anymore|not wake up|never wake up|not wake up again|never wake up again|"
     "sleep forever|go to sleep forever|fall asleep forever|fall asleep and stay asleep|sleep and stay asleep|"
     "disappear forever|vanish forever|fade away forever|fade away and never come back|disappear and never come back|"
     "disappear for good|vanish for good|be gone|be gone forever|be gone for good|end it|end it all|end things|"
     "end everything|end my life|end my own life|end myself|kill myself|off myself|unalive myself|unalive|"
     "take my life|take my own life|leave this world|leave this earth|go away for good|go away forever|"
     "check out for good|not be a problem anymore|be free of this life|be out of this life|join my @rel in heaven|"
     "rest forever|rest in peace|be in the ground|be buried|hang myself|shoot myself|drown myself|jump off something|"
     "finish it|finish myself off|let go for good|give up on life|give up on living|quit life|quit living|"
     "not have to wake up|not have to exist|not have to be alive|stop my heart"},
    // Thinking about it, planning it, being pulled towards it.
    {"c_think",
     "think|thinking|thought|thoughts|picture|picturing|pictured|imagine|imagining|imagined|fantasize|fantasise|"
     "fantasizing|fantasising|dream|dreaming|dreamt|obsess|obsessing|obsessed|plan|planning|planned|"
     "research|researching|researched|googling|googled|looking up|looked up|searching|searched|reading about|"
     "keep going back to|keeps going back to|going back to|keeps going to|keep coming back to|"
     "keeps coming back to|keeps telling me to|keep telling myself to|voice telling me to|voices telling me to|"
     "voice in my head telling me to|pulled towards|drawn to|can not stop thinking about|can not shake"},
    // The end, as a noun or an -ing form.
    {"c_ending",
     "dying|being dead|death|my death|my own death|killing myself|ending it|ending it all|ending things|"
     "ending my life|ending my own life|taking my life|taking my own life|suicide|hanging myself|overdosing|"
     "not existing|not being here|not being alive|not being around|disappearing forever|my funeral|"
     "my own funeral|how to do it|how i would do it|how i would die|ways to do it|ways to die|how to die|"
     "offing myself|slitting my wrists|jumping off|jumping in front of|shooting myself|drowning myself|"
     "end it|die|kill myself|end my life|not waking up|never waking up|"
     "how to end it|how to kill myself|how many pills|how much it would take|unaliving myself|myself hanging|"
     "myself dead|myself dying|myself jumping|myself in a coffin|myself gone|me dead|me dying|me gone|"
     "my body being found|my body found|my own body"},
    // Weight: hopelessness, exhaustion, giving up.
    {"c_weight",
     "no point|pointless|meaningless|hopeless|no hope|no future|no way out|nothing left|no reason|not worth it|"
     "no purpose|dead inside|tired of|sick of|done with|finished with|fed up with|exhausted by|worn out by|"
     "had enough of|given up on|gave up on|give up on|giving up on|lost all hope in|lost hope in|can not do|"
     "can not keep|can not take|can not handle|can not cope with|can not face|can not bear|"
     "what is the point of|what is the point in|why bother with|no longer care about|stopped caring about|"
     "see no point in|do not see the point of|do not see the point in|"
     "no point in|no point to|point of|point in|nothing matters|nothing will ever get better|"
     "never going to get better|will never get better|is never going to change|out of fight|no fight left|"
     "losing the will to|lost the will to|no will to"},
    // Scope: the whole of life, not one thing.
    {"c_scope",
     "life|living|being alive|existing|existence|everything|it all|all of it|any of it|anything|myself|"
     "this world|the world|another day|trying|fighting|surviving|waking up|being me|being here|it anymore|"
     "this anymore|anymore|any longer|forever|for good|permanently|live|everyone and everything|"
     "all of this|every day|each day|my whole life|this life|my life|the future|tomorrow|get up in the morning|"
     "getting up in the morning|getting better|get better|going on|carry on|carrying on"},
    // Burden: what they say they are.
    {"c_burden",
     "a burden|the burden|burden|just a burden|nothing but a burden|a waste of space|a waste of oxygen|"
     "a waste of air|a waste of life|waste of space|waste of oxygen|waste of air|a waste of skin|"
     "a lost cause|beyond help|a drain on everyone|a drain on my family|a problem for everyone|"
     "in everyone's way|a weight on everyone|"
     "taking up space|taking up space and air|taking up air|using up air|not meant to be here|not meant to exist|"
     "better off dead|worthless|useless to everyone|unlovable and alone|a disappointment to everyone"},
    // Whom the burden falls on (or nothing: "i'm a burden.").
    {"c_on_whom",
     "to everyone|to everybody|on everyone|on everybody|to my family|on my family|to my parents|on my parents|"
     "to my kids|on my kids|to my @rel|on my @rel|to my friends|on my friends|to them|on them|to you|to people|"
     "to the world|on the world|to anyone|for everyone|for my family|and everyone knows it|and everybody knows it|"
     "and they know it|and i know it|in this world|on this earth|and|$"},
    // How others would react...
    {"c_react",
     "better|better off|happier|easier|fine|okay|ok|relieved|lighter|freer|move on|get over it|forget me|"
     "forget|not notice|not care|not miss me|not even notice|not miss|notice|care|miss me|sorry|cry|come|"
     "be glad|glad|celebrate|barely notice|even notice|be free|have peace|be at peace|breathe easier|"
     "sleep better|thank me|be happy|be better|grateful|thankful|be grateful|be thankful|be relieved"},
    // ...to them being gone.
    {"c_absence",
     "without me|without me around|without me here|without me in it|with me gone|with me dead|"
     "with me out of the way|with me out of the picture|if i was gone|if i were gone|if i died|if i was dead|"
     "if i were dead|if i disappeared|if i vanished|if i was not here|if i was not around|if i were not here|"
     "if i were not around|if i was not alive|if i were not alive|when i am gone|when i am dead|"
     "once i am gone|once i am dead|after i am gone|after i die|when i die|if i ended it|if i killed myself|"
     "if i did not wake up|if i never woke up|if i was never born|if i had never been born|to my funeral|"
     "at my funeral|me not being here|me not being around|me not being alive|if i stopped existing|"
     "if i left for good|if i left forever|if i went away for good|if i went away forever|me gone|me dead|"
     "if i was not in the picture|if i was out of the picture|if i took my life|if i ended my life|"
     "if i just disappeared|if i just died|if i just vanished|if i did it|once i am out of the picture|"
     "when i am out of the picture|once i am gone for good|once i am not around|when i am not around|"
     "once i am not here|when i am not here|without people like me|without someone like me|"
     "without the likes of me|and never woke up|and did not wake up|and never wake up|and never came back"},
    // Not being there for long...
    {"c_not_there",
     "not be here|not be around|not going to be here|not going to be around|not be alive|"
     "not going to be alive|not be a problem|not going to be a problem|not be a burden|not going to be a burden|"
     "not be in anyone's way|not be in your way|not going to be in your way|not be bothering anyone|"
     "not going to bother anyone|not have to feel anything|not have to feel|not have to deal with anything|"
     "not have to suffer|not have to hurt|not have to wake up|not be your problem|not going to be your problem|"
     "not be anyone's problem|not going to be anyone's problem|not be here to see|not going to see"},
    // ...and the horizon.
    {"c_horizon",
     "much longer|for much longer|for long|soon|anymore|after tonight|for anyone soon|for anyone|to anyone|"
     "for my birthday|for my #many|for my 16th|for my 17th|for my 18th|for my 21st|for my 30th|for my 40th|"
     "for my 50th|for christmas|for my exams|for results day|for graduation|for the new year|for next year|"
     "by christmas|by my birthday|by next year|by summer|by spring|by the new year|"
     "to anyone soon|for you soon|any longer|for much more|ever again|forever|for good|to worry about soon"},
    // Hurting one's own body...
    {"c_harm",
     "cut|cutting|cuts|burn|burning|burned|burnt|burns|hurt|hurting|hurts|punch|punching|punched|punches|"
     "scratch|scratching|scratched|hit|hitting|hits|bang|banging|banged|stab|stabbing|stabbed|carve|carving|"
     "carved|bruise|bruising|bruised|pinch|pinching|bite|biting|bit|slap|slapping|slapped|starve|starving|"
     "starved|claw|clawing|clawed|pick at|picking at|gouge|gouging|smash|smashing|smashed|mutilate|mutilating"},
    {"c_body",
     "myself|my arms|my arm|my wrists|my wrist|my thighs|my thigh|my legs|my leg|my skin|my stomach|my hips|"
     "my hip|my head|my face|my own face|my own arms|my own skin|my own head|my body|my chest|my hands|"
     "my fists|my forearms|my forearm|my ankles|my ribs|my own body"},
    // ...on purpose (what says it is not an accident).
    {"c_purpose",
     "again|until|till|on purpose|deliberately|to feel|to cope|when i|no one sees|nobody sees|people do not see|"
     "every night|every day|when it gets|because i deserve|to punish|as punishment|to make|to stop|it helps|"
     "the only thing|it hurts|until it hurts|until it bleeds|until they bleed|until i bleed|to calm down|"
     "to numb|when i am upset|when i am anxious|when i am sad|when i feel|whenever|after every|because i hate|"
     "because i am|and i can not stop|and i do not want to stop|and it is getting worse|in secret|secretly|"
     "where no one can see|where nobody can see|hidden|hide it|hide the|no one can see|nobody can see|"
     "and nobody knows|and no one knows|clean|relapsed|months clean|weeks clean|days clean"},
    // The means...
    {"c_means",
     "all of them|everything in the cabinet|everything in the medicine cabinet|the whole bottle|the whole box|"
     "the whole packet|the whole pack|the whole strip|every pill|every tablet|all my @drug|all of my @drug|"
     "all the @drug|the rest of my @drug|the rest of the @drug|a rope|the rope|a noose|the noose|a knife|"
     "the knife|a blade|the blade|a razor|the razor|a razor blade|the razor blade|a gun|the gun|his gun|"
     "my dad's gun|dad's gun"},
    // Pills held, counted, ready.
    {"c_held",
     "in my hand|in my hands|in front of me|next to me|counted out|lined up|ready|on the bed|"
     "on the table in front of me|right here|and i want to|and i am thinking|and i keep thinking|"
     "and i do not know why|and i am going to|all around me"},
    // ...and taking them / using them now.
    {"c_take",
     "take|taking|swallow|swallowing|down|downing|overdose on|use it on myself|use them on myself|use it|"
     "go through with it|do it|jump|step off|step in front of|let go|tie|hang"},
    {"c_now",
     "tonight|right now|now|today|this morning|this afternoon|this evening|in a minute|in an hour|"
     "in my hand|in my hands|in front of me|next to me|ready|set up|counted out|lined up|and go to sleep|"
     "and not wake up|and see what happens|and be done|and be done with it|and end it|it stops|"
     "it all stops|and nobody can stop me|and no one can stop me|when everyone is out|when no one is home|"
     "when nobody is home|while everyone sleeps|this weekend when|before anyone|and i want to|and i am going to|"
     "and i keep thinking|and i am thinking|and i need to"},
    // Cut off from help (what control takes away; the normaliser has dropped "so").
    {"c_cut_off",
     "i can not call|i can not leave|i can not go|i can not get out|i can not contact|i can not see|"
     "i can not talk|i can not escape|i can not get help|i can not ring|i have no money|i have no way|"
     "i have no phone|and i have no money|and i have no way|and i have no phone|and i can not leave|"
     "and i can not call|and i can not get out"},
    // Places people go to end their lives.
    {"c_place",
     "bridge|roof|rooftop|ledge|edge|cliff|cliffs|balcony|platform|train platform|tracks|railway|train tracks|"
     "motorway|highway|car park roof|top floor|river|the water|window"},
    // Close calls.
    {"c_almost",
     "almost|nearly|close to|came close to|came this close to|was about to|was going to|started to|"
     "was ready to|could have|could easily have|wanted to"},
    {"c_step",
     "stepped off|stepped in front|stepped out|jumped|jump|stepped|walked into|walked in front|drove off|"
     "drove into|crashed into|swerved into|let go|threw myself|leaned over|climbed over|went over|"
     "went through with it|did it|took them|swallowed them"},
};

// Each combination is an ordinary rule over the cue classes (the flags,
// `unless_after` and `unless_in` mean what they do in safety_rules.h);
// every one is JOKE (laughter turns these phrasings into hyperbole) and
// every one gives EVERYDAY context the last word.
const Rule COMPOSED_RULES[] = {
    {S, "cue_wish_end", "@c_wish .. @c_end",
     "of|from|for|laughing|into|to|on|in a|at|under|with|off|somewhere|abroad|after|before|when|if|until|till|"
     "in this|in the|during|because of|than|instead of|at the|my hair|hair|inside|meat|tired|serious|on my feet",
     ME | JOKE, EVERYDAY "|if i have to|if i do not get|unless|without coffee|without food|if i see|if i hear"},
    {S, "cue_be_dead", "@c_wish (be|been|were|was) (dead|gone|not alive|not born|never born|nothing|in the ground|buried|at peace forever)",
     "to the world|to me|tired|serious|on my feet|on arrival|set on|wrong|right|inside from|from the neck|than|meat|"
     "if|before|instead", ME | JOKE,
     EVERYDAY},
    {S, "cue_think_end", "@c_think (about|of|on|up|how|ways|over)? .. @c_ending",
     "of my @rel|of the|of a|of his|of her|of their|in the|in a|in films|in movies|for class|for my essay|for the essay|"
     "in general|as a concept|for a story|for the book|my hair|hair|it blue|it red|it pink|it black|it blonde|"
     "with him|with her|with them|with the|at work|and taxes|of the year|of the week|of the day|of summer|of term|"
     "of the month|of the road|of the season|of the series|of the show|of the book|of the film|of the game|"
     "of my shift|of the shift|of my contract|of the relationship|of our|in the story|in the book|metal|note|star|"
     "stare|row|toll|rate|rates|penalty|sentence|threat|threats|trap|scene|scenes|march|valley|eater|eaters|"
     "grip|bed|certificate|cab|by chocolate|by powerpoint|by meetings|by a thousand",
     SELF | JOKE, EVERYDAY "|pet|dog|cat|hamster|fish|plant|plants|relationship|marriage|friendship|career"},
    {S, "cue_weight_scope", "@c_weight .. @c_scope",
     "being|on|costing|going wrong at|that|which|they|he|she|you|my|about|at|in the|on the|to do|today|this week|for today|for now|for the day|for the week|at work|at school|"
     "else|of them|on my plate|on my list|in my inbox|in the house|in the fridge|in this|about this|"
     "about that|with him|with her|with them|with you|from you|from him|from her|i own|i buy|i cook|i make|"
     "i write|i post|i say|i do at|right|properly|well|without|to help|about it|like that|with|in|under|near|"
     "here|there|paycheck",
     SELF | JOKE, EVERYDAY "|better than|beats|beat me|lunch|dinner|breakfast|food|coffee|tea|weekend|friday"},
    {S, "cue_burden", "(i am|i feel like|i feel|i have become|i became|i have always been|i will always be|i am only|"
                      "i am nothing but|nothing but|feel like i am|i know i am|i am such|i am like) (such|like|completely|only)? "
                      "@c_burden @c_on_whom",
     "at|in the|on the team|on the group|on the project|in this friend|in the group|in this group|on the couch|"
     "on the sofa|in the office|at work|at the gym|with money|with my money|at cooking|at maths|at math|at sport",
     SELF | JOKE, EVERYDAY},
    {S, "cue_react_absence", "(would|will|be|is|are|could|might|were|am sure|know) ... @c_react .. (even)? .. @c_absence",
     "at the|for the|on the|this weekend|tonight|for a|from the|at work|on the team|at the party|in the group|"
     "for a day|for a week|for a bit|for a while|at school|on holiday|for two days|for a few days|for three days|"
     "while i am away|while i am gone|for the day|for the night", NO_NEG | JOKE,
     EVERYDAY "|i am only|only going|back soon|back on|back in|be back|away for|going away for|gone for"},
    // The same, the other way round: "if i went to sleep and never woke up i would be grateful".
    {S, "cue_absence_react", "@c_absence ... (i would|i will|everyone would|everyone will|they would|they will|"
                             "people would|people will|nobody would|no one would|would|will) .. (be|feel)? @c_react",
     "at the|for the|on the|this weekend|tonight|for a|from the|at work|on the team|at the party|in the group|"
     "for a day|for a week|for a bit|for a while|at school|on holiday", NO_NEG | JOKE,
     EVERYDAY "|i am only|only going|back soon|back on|back in|be back|away for|going away for|gone for"},
    {S, "cue_who_would_notice", "(would anyone|would anybody|will anyone|who would|would people|would they|"
                                "wonder if anyone|wonder if anybody|nobody would|no one would|nobody will|no one will) "
                                "... (notice|care|miss me|come|cry|remember me|be sad|even notice|look for me) "
                                ".. (@c_absence|funeral)",
     "", NO_NEG | JOKE, EVERYDAY},
    {S, "cue_not_there", "(will|am|would|is going to|going to|soon i) .. @c_not_there .. @c_horizon",
     "this weekend|this week|because|since|while|until|till|at|on|in the|during|for the|after|tomorrow|today|"
     "tonight|next", NO_NEG | JOKE,
     EVERYDAY "|busy|offline|away|working|moving|a trip|the trip|leave|leaving|out of town|out of office|new job"},
    // Weak horizons ("next week") only when they doubt they will still be there.
    {S, "cue_doubt_there", "(i do not think i|i doubt i|not sure i|i might not|probably not going to|i may not) .. "
                           "(be here|be around|be alive|make it|still be here|still be around|still be alive|last) .. "
                           "(next week|next month|next year|by then|by the weekend|by next week|by christmas|by summer|"
                           "by my birthday|until|till|to see|much longer|for much longer|long|for long|tomorrow|"
                           "through the night|through tonight|through the week|another week|another year)",
     "", NO_NEG | JOKE,
     EVERYDAY "|busy|offline|away|working|moving|a trip|the trip|leave|leaving|out of town|out of office|new job|"
     "on time|in time|late|early|the meeting|the party|the deadline|the bus|the train|the flight|dinner"},
    {S, "cue_not_there_soon", "soon i .. (will not|am not going to|will never|won't) (be|have to|need to|feel|hurt|exist|"
                              "bother|be a)",
     "at|in the|on the|working|commuting|doing|paying|at this|in this|deal with this|deal with that|deal with the|"
     "deal with my|deal with him|deal with her|put up with|pay|work|commute|see him|see her|go", NO_NEG | JOKE,
     EVERYDAY "|landlord"},
    {S, "cue_harm_body", "(i|been|keep|keeps|kept|started|start|have been|i have|i do|still|going to|will|i am) .. "
                         "@c_harm .. @c_body ... @c_purpose",
     "", SELF | JOKE,
     EVERYDAY "|by accident|accidentally|cooking|oven|stove|iron|shaving|chopping|onions|in the sun|playing|football|"
     "rugby|fell|tripped|slipped|tattoo|piercing|waxing|hair|my feelings|lol|scab|on the door|on the cupboard|"
     "on the table|on the shelf|skiing|cycling|bike|skateboard|in my sleep|running|run|hike|hiking|training|"
     "workout|walk|walking|dance|dancing|sport|match|door|doorframe|door frame|ceiling|beam|shelf|cupboard|"
     "mosquito|bites|itch|itchy|eczema|rash|allergic|hives|sunburn|sunburnt|the sun|boxing|kickboxing|karate|"
     "martial arts|sparring|bag|punchbag|punching bag|ironing|curling|straighteners|baking|bbq|rose|bush|thorn|"
     "thorns|nail|fence|branch|brambles|cat|kitten|puppy|corner of|edge of"},
    {S, "cue_means_now", "(@c_wish|@c_think|i have|i got|have got|got|holding|sitting here with|sat here with|bought|"
                         "i am holding|looking at|staring at) .. (@c_take)? .. @c_means ... @c_now",
     "with food|for my headache|for the headache|for my period|for the pain|for the trip|as prescribed|on time|"
     "before bed as|after dinner|with water|with breakfast|every day|for dinner|for the|for my|for a|for his|"
     "for her|for our|for their|to cook|to carve|to cut the",
     SELF | JOKE,
     EVERYDAY "|doctor said|the doctor|prescribed|prescription|pharmacy|chemist|refill|dose|dosage|headache|"
     "migraine|period|cramps|vitamins|allergy|antibiotics|side effects|remind me|reminder|photos|sunset|view|walk|"
     "bike|run|jog|picnic|fishing|swim|swimming|bungee|skydiving|parachute|trampoline|pool|diving|climbing|"
     "dinner|lunch|turkey|veg|vegetables|chopping|bread|cake|steak|meat|onion|onions|carve|carving|kitchen|"
     "sharpen|sharpening|whittle|whittling|hunting|range|shooting range|airsoft|paintball|nerf|toy|prop|costume"},
    {S, "cue_take_all", "@c_wish .. (take|swallow|down|taking|swallowing|overdose on) (all of them|everything|every pill|"
                        "every tablet|the whole bottle|the whole box|the whole packet|the whole pack|the whole strip|"
                        "the lot|all my @drug|all the @drug|all of my @drug|the rest of my @drug|the rest of the @drug|"
                        "everything in the cabinet|everything in the medicine cabinet|everything in the bathroom cabinet)",
     "i|you|we|they|he|she|that|in my stride|in stride|into account|personally|seriously|back|off|out|with me|"
     "home|to|with|for|on|in|apart|down|up|on board|of the cake|of the cookies|of the food|of the credit|"
     "of the blame|of my stuff|of my things|of my clothes",
     SELF | JOKE, EVERYDAY "|advice|compliments|credit|blame|photos|pictures|notes|classes|courses|lessons|shifts|"
     "opportunity|chance|kids|children|dogs|stuff|things|clothes|boxes|bags|shopping|groceries"},
    {S, "cue_pills_held", "(i have|i got|have got|got|holding|i am holding|sitting here with|sat here with|staring at|"
                          "looking at|counting|counting out|counted|counted out|lining up|lined up|poured out|emptied out) (the|my|all the|all my|"
                          "all of my|a bottle of|a handful of|a pile of|a box of|her|his|mum|mom|dad|my mum|my mom|my dad)? @drug .. "
                          "@c_held",
     "for the trip|for my headache|for the headache|to take to|for later|for the week|to take with|for the|for my|"
     "for a|for his|for her|for our|for their", SELF | JOKE,
     EVERYDAY "|doctor|prescribed|prescription|pharmacy|chemist|refill|dosage|remind me|reminder|organiser|"
     "organizer|pill box|weekly|with food|with water|sort|sorting|dose|doses|dosette|for mum|for dad|for my mum|"
     "for my dad|for nan|for grandma|for grandad|morning|bedtime"},
    {S, "cue_close_call", "@c_place ... @c_almost .. @c_step",
     "when|because|out of my skin|at|with fright|in fright|from fright|into the water for|in for|for fun|to catch|"
     "to grab|to get|after my|after the", SELF | JOKE,
     EVERYDAY "|into the water for|for a swim|swim|swimming|pool|dive|diving|bungee|photos|selfie|fun|dare"},
    {S, "cue_close_call2", "@c_almost .. @c_step ... @c_place",
     "for fun|for a photo|for a selfie|to catch|to grab|to get|for my|for the", SELF | JOKE,
     EVERYDAY "|into the water for|for a swim|swim|swimming|pool|dive|diving|bungee|photos|selfie|fun|dare"},
    {S, "cue_close_call_purpose", "@c_almost .. @c_step ... (on purpose|deliberately|to end it|to die|to kill myself)",
     "", SELF | JOKE, EVERYDAY},
    {S, "cue_place_search", "(looked up|googled|searched|searching|researching|looking up|checked|checking|found out) "
                            "(how high|how tall|how far down|how deep|how long the drop|the height of) (the|that|this|my)? "
                            "@c_place",
     "", SELF | JOKE, EVERYDAY "|for my|for the|photos|tourist|visit|tour|trip|walk|hike"},
    {S, "cue_going_through", "(go through with it|going through with it|went through with it|do it this time|"
                             "the night i do it|the day i do it|finally go through with it)",
     "", SELF | JOKE,
     EVERYDAY "|tattoo|piercing|marathon|skydive|bungee|exam|interview|presentation|proposal|wedding|date|"
     "haircut|diet|move|surgery|audition|speech|test|the call|confession|ask her|ask him|quit|quitting|resign|"
     "resigning|apply|applying|sign up|booking|book|buy|buying|ask|asking|tell|telling|propose|proposing|"
     "wedding|divorce|sale|contract|deal|purchase|operation|procedure|treatment|course|plan"},
    {S, "cue_favour", "(favour|favor|kindness|service|gift) ... @c_absence", "", JOKE, EVERYDAY},
    // Doubting they want to live ("I don't think I want to be alive").
    {S, "cue_doubt_live", "(not think|not sure|not certain|doubt|not know if|not know whether|wonder if|wondering if|"
                          "question whether|questioning whether) i .. (want to|can|should|even want to|still want to) "
                          "(be alive|live|stay alive|keep living|exist|go on|keep going|be here|wake up|carry on)",
     "in|with|near|at|there|abroad|on|here|without|through|on my own|alone|up|to|for|early|tomorrow at|in time",
     NO_NEG | JOKE, EVERYDAY},
    // Goodbyes: a last message and a farewell, often in two sentences.
    {S, "cue_farewell", "(last message|final message|last text|last time you will hear from me|last time you hear from me|"
                        "this is goodbye|goodbye everyone|goodbye everybody|goodbye forever|my last words|"
                        "wanted to say goodbye|want to say goodbye|say goodbye properly|saying goodbye properly|"
                        "goodbye to you all|goodbye all|goodbye to all of you) ... (thank you for everything|"
                        "thanks for everything|thank you for being there|thanks for being there|i love you|love you all|"
                        "i am sorry|sorry for everything|forgive me|look after|take care of|do not blame yourself|"
                        "it is not your fault|not your fault|remember me|do not be sad|do not cry)",
     "", WHOLE | JOKE,
     EVERYDAY "|tonight|for now|bed|off to|flight|chat|talk tomorrow|see you|speak soon|talk soon|tomorrow|later|"
     "night night|sleep|boarding|moving|new job|leaving do|last day|graduation|retire|retiring|farewell party|"
     "move to|move away|before i move|before i leave for|new year|reunion|of the year|emigrate|emigrating"},
    // Danger: control (phone, money, keys, friends taken away).
    {D, "cue_control", "@someone ... (takes|took|taken|controls|control|keeps|kept|hides|hid|checks|reads|read|monitors|"
                       "tracks|confiscates|confiscated|smashed|smashes|broke) (all)? (my|our)? (phone|money|bank card|"
                       "bank cards|cards|keys|car keys|passport|documents|messages|wages|salary|benefits|card) ... "
                       "(@c_cut_off|and i am not allowed|not allowed|will not let me|have to ask him for|"
                       "have to ask her for|have to ask them for|every night|scared|goes crazy|screams|yells|or he|or she)",
     "", JOKE,
     // Not EVERYDAY: "my phone" is what this is about.
     "homework|grades|curfew|grounded|bedtime|revision|by accident|accidentally|photos|budget|budgets|better at|"
     "to look at|to charge|to fix|repair|borrow|borrowed|lend|lol|haha|game|party|school night|exam|exams|annoying|"
     "till she|till he|until she|until he|to pay|for dinner|complain|football|scores"},
    {D, "cue_not_allowed", "(not allowed to|not let me|will not let me|forbids me to|forbidden to) (see my friends|see my family|"
                           "talk to my friends|talk to my family|leave the house|leave the flat|go out alone|have money|"
                           "have my own money|have a phone|work|get a job|call anyone|see anyone|talk to anyone)",
     "", NO_NEG | JOKE,
     "homework|grades|curfew|grounded|bedtime|revision|school night|until i finish|until my|dog|cat|"
     "doctor said|doctor says|quarantine|isolation|contagious|covid|flu|chickenpox|lol|haha|exam|exams|party|"
     "concert|festival|sleepover|game|games|console|tiktok|instagram|snapchat|social media"},
    // Danger: shut in or shut out by someone at home.
    {D, "cue_locked", "@someone .. (lock|locks|locked|locking|shut|shuts|shutting) me (in|out|outside|up) ... "
                      "(room|house|flat|apartment|home|cupboard|closet|bathroom|basement|shed|garden|cold|night|"
                      "without food|for hours|for days|all night|again)",
     "by accident|accidentally|lol|as a joke|to surprise", JOKE, "by accident|accidentally|prank|game|hide and seek|escape room"},
    // Medical: someone holding their chest.
    {M, "cue_chest_clutch", "(clutching|grabbing|holding|gripping|clutched|grabbed|clasping) (his|her|my|their) chest",
     "and laughing|laughing|dramatically|in shock|in surprise", JOKE, "laughing|lol|dramatically|joke|pretending|acting|play"},
};

}  // namespace

std::span<const Rule> compose_rules() { return COMPOSED_RULES; }
std::span<const std::pair<const char*, const char*>> cue_set_table() { return CUE_SETS; }

}  // namespace os1::companion::safety
