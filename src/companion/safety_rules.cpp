// The crisis detector's rules: word sets, patterns, and the checks that
// keep hyperbole, fiction, other people and the past from firing.
//
// A rule fires when its pattern matches a normalised clause
// (safety_match.h) and none of these say otherwise:
//  - negation: "not", "never", "no" within the four words before the match
//    ("I'm not suicidal", "I would never hurt myself") unless a word of
//    doubt stands between ("I'm not sure I want to live", "I don't know
//    why I want to die", "I can't stop thinking about killing myself").
//    Rules whose pattern contains the negation itself are NO_NEG;
//  - `unless_after`: words right after the match that turn it into an
//    idiom or an accident ("want to die of embarrassment", "cut myself
//    shaving", "beat me at chess", "hit me up");
//  - SELF rules: the nearest person named before the match must be the
//    speaker (or nobody: "suicidal again tonight"), so "my friend is
//    suicidal" is not the speaker's crisis;
//  - the clause talks about fiction, news, games, awareness work or
//    research ("in the film", "suicide prevention month");
//  - the clause is about the past ("years ago", "used to", "when I was a
//    kid"; medical also "last year", "recovered", "died of");
//  - JOKE rules (the phrasings people also use as hyperbole) do not fire
//    when the message laughs or says it is joking ("lol", "jk", "😂");
//  - `unless_in`: the clause gives an ordinary reason ("I can't take this
//    anymore, my neighbours are so loud", "so full I can't breathe",
//    "suicide is a public health issue").
#include <algorithm>

#include "companion/safety.h"
#include "companion/safety_match.h"

namespace os1::companion {

namespace {

using safety::Clause;
using safety::Pattern;
using safety::WordSets;

// NO_NEG: the pattern holds its own negation; SELF: about the speaker (or
// nobody named); ME: the speaker must be named ("I", "me"), so "my battery
// is about to die" is not; JOKE: not when the message laughs.
// MINE: SELF, and the clause names the speaker somewhere ("my thoughts
// keep going to suicide"), so "suicide is a public health issue" is not.
enum Flags : unsigned { NONE = 0, NO_NEG = 1, SELF = 2, JOKE = 4, ME = 8, MINE = 16 };

struct Rule {
    CrisisKind kind;
    const char* name;
    const char* pattern;
    const char* unless_after = "";  // phrases that must not follow the match
    unsigned flags = NONE;
    const char* unless_in = "";     // phrases that, anywhere in the clause, give another reason
};

constexpr CrisisKind S = CrisisKind::SelfHarm, D = CrisisKind::Danger, M = CrisisKind::Medical;

// Word sets, "|" between phrases. Lists, not logic: extend them freely.
const std::pair<const char*, const char*> SET_TABLE[] = {
    // Ways of saying "I mean to / I keep thinking about / I wish to".
    {"want",
     "want to|wants to|wanted to|wanting to|been wanting to|keep wanting to|would like to|need to|have to|going to|plan to|planning to|planning on|ready to|"
     "tempted to|about to|decided to|deserve to|feel like|trying to|try to|hope to|urge to|urges to|"
     "want to go and|would rather|thinking about|thinking of|think about|thought about|thought of|considering|"
     "close to|keep thinking about|wish i could|wish i would|wish to|should|gonna|will|am going to|plan is to|"
     "my plan is to|the plan is to|going to go and|decided i am going to|made up my mind to"},
    {"kill_myself",
     "kill myself|killing myself|end myself|off myself|offing myself|top myself|topping myself|do myself in|"
     "hang myself|hanging myself|shoot myself|shooting myself|drown myself|drowning myself|poison myself|"
     "stab myself|suffocate myself|slit my wrists|slit my throat|kill my self|slitting my wrists|slit my wrist|"
     "slitting my wrist|slitting my throat|cut my wrists open|cut my throat"},
    {"my_life", "my life|my own life"},
    {"die", "die|be dead|dying|not exist|stop existing|not be alive|not be here|disappear forever|end it all|be gone|"
            "not wake up|stop breathing|not be around anymore|go to sleep forever|be with my @rel in heaven"},
    {"live_on", "live|be alive|exist|go on|keep going|keep living|carry on|continue|be around|stay alive"},
    {"live_more", "live|be alive|exist|go on|keep going|keep living|carry on|continue|be around|stay alive|be here|wake up"},
    {"gone", "gone|dead|not here|not around|never born|never been born|disappeared|died|vanished|not alive|went away forever|"
             "went away for good|was gone forever|left forever|left for good|never came back|disappeared forever|"
             "were gone forever|stopped existing|stopped breathing|was not here anymore|"
             "never existed|not exist|did not exist|away for good|dead and gone|not in the picture"},
    {"go_on", "living|life|going on|carrying on|keep going|keeping going|continuing|being alive|being here|"
              "existing|anything anymore|it all|me|waking up|trying anymore|getting up anymore|going anymore|"
              "staying alive|anything"},
    {"self_harm", "self harm|self harming|self harmed|self injury|self injuring|harm myself|harming myself|"
                  "self mutilation|self mutilating"},
    {"hurt_self", "hurt myself|hurting myself|cut myself|cutting myself|burn myself|burning myself|"
                  "harm myself|harming myself|hit myself|hitting myself|punish myself|punishing myself|"
                  "starve myself|starving myself|cut my arms|cut my wrists|cutting my arms|cutting my wrists|"
                  "cut my legs|cutting my legs|cut my thighs|cutting my thighs|burned myself|burnt myself|harmed myself|"
                  "injured myself|scratched myself|punched myself|starved myself|hurt my body"},
    {"habit", "been|keep|keeps|kept|started|start|starting|began|stop|relapsed|relapse|back to|go back to|"
              "have been|i have|urge to|urges to"},
    {"drug", "pills|pill|tablets|tablet|paracetamol|tylenol|acetaminophen|ibuprofen|aspirin|advil|meds|"
             "medication|medications|medicine|painkillers|antidepressants|xanax|oxy|oxycodone|opioids|"
             "fentanyl|heroin|insulin|benzos|valium|codeine|lithium|diazepam|sleeping pills|morphine|"
             "tramadol|sertraline|prozac|antidepressant|sleeping tablets|percocet|vicodin|pain pills|"
             "my prescription|lorazepam|naproxen|painkiller|panadol|nurofen|co codamol|pain killers|"
             "sleeping meds|anxiety meds|anxiety pills|heart pills|blood pressure pills"},
    {"lots_of", "a whole bottle of|a whole bottle|an entire bottle of|a bottle of|the whole bottle of|"
                "all my|all of my|all the|all of the|too many|too much|a handful of|handful of|"
                "a bunch of|bunch of|a lot of|loads of|lots of|heaps of|a box of|a whole box of|"
                "a whole packet of|a packet of|a pack of|a whole pack of|whole bottle of|way too many|"
                "way too much|double my|triple my|a ton of|tons of|like #many|about #many|around #many|"
                "over #many|#many|an entire box of|the whole box of|the whole packet of|every|an entire pack of|an entire packet of|"
                "a full bottle of|a full pack of|the rest of my|the rest of the|half a bottle of|half the bottle of|"
                "a whole strip of|two packs of|two boxes of|a few packs of|several packs of|two bottles of|"
                "a whole load of|the entire bottle of|an entire strip of|both packs of"},
    {"take", "took|take|taken|taking|swallowed|swallowing|downed|ate|have had|popped|chugged|had"},
    // People who can hurt someone (subjects of the danger rules).
    {"rel", "husband|wife|boyfriend|girlfriend|partner|ex|fiance|fiancee|dad|father|mom|mum|mother|stepdad|"
            "stepfather|stepmom|stepmum|stepmother|brother|sister|uncle|aunt|parents|parent|son|daughter|"
            "grandpa|grandma|roommate|flatmate|housemate|landlord|boss|coach|teacher|cousin|family|"
            "ex husband|ex wife|ex boyfriend|ex girlfriend|spouse|carer|caretaker|neighbour|neighbor|"
            "old man|bf|gf|stepbrother|stepsister|in laws|mother in law|father in law"},
    {"someone", "he|she|they|someone|somebody|a man|a guy|this guy|that guy|a stranger|the man|a woman|"
                "my @rel|this man|some guy|some man|men|a group of guys|my own @rel|her @rel|his @rel"},
    {"harm_me", "hits|hit|hitting|beats|beat|beating|punches|punched|punching|kicks|kicked|kicking|slaps|"
                "slapped|slapping|chokes|choked|choking|strangles|strangled|strangling|hurts|hurt|hurting|"
                "pushed|pushes|shoved|shoves|attacks|attacked|assaults|assaulted|raped|rapes|molested|molests|"
                "abuses|abused|abusing|threatens|threatened|threatening|burned|burnt|bit|stabbed|smacked|"
                "smacks|whipped|whips|throttled|beat up|beats up|beating up|knocked out|headbutted|"
                "threw things at|throws things at|spat on|drugged|touches|touched|tortures|tortured|"
                "starves|starved|has hit|has beaten|has hurt|has raped|has choked|has threatened|slams|slammed|throws|threw|shakes|"
                "shook|drags|dragged|pins|pinned|bites|spits on|burns|strangled|suffocated|suffocates"},
    {"harm_verb", "hurt|hit|beat|stab|shoot|strangle|murder|end|kidnap|rape|choke|break|burn|harm|"
                  "come for|come after|take the kids from|take my kids from|make me pay|ruin|get rid of"},
    {"scared", "scared|afraid|terrified|frightened|fear|fearing|petrified"},
    {"stalk", "following|follows|followed|stalking|stalks|stalked|watching|tracking|tracks|tracked|spying on|"
              "spies on|harassing|harasses"},
    {"place", "house|home|door|window|flat|apartment|work|room|car|school|office|place|front door|building|"
              "workplace|job|gym|bedroom"},
    {"person", "i|he|she|they|someone|somebody|my @rel|@rel|grandad|granddad|nan|gran|grandmother|grandfather|my friend|friend|my baby|baby|my kid|kid|my child|"
               "child|my toddler|toddler|my mate|mate|the baby|a man|a woman|the man|the woman|this guy|"
               "my boy|my girl|my little boy|my little girl|my grandad|my granddad|my nan|my gran|my grandmother|"
               "my grandfather|this woman|this man|someone here|a guy|an old man|an old lady"},
    {"chest_pain", "chest pain|chest pains|chest tightness|chest pressure|pain in my chest|pressure in my chest|"
                   "tightness in my chest|crushing pain|crushing chest|squeezing in my chest|"
                   "heavy feeling in my chest|pain in the chest|pains in my chest|chest is tight|chest hurts|"
                   "chest feels tight|chest feels heavy|chest is hurting|chest is heavy|chest is killing me|"
                   "chest is crushing|chest is burning|chest is really tight|my chest is tight|chest feels like|"
                   "chest is so tight|chest tight|pressure on my chest|weight on my chest|chest is pounding"},
    {"breathe_hard", "can not breathe|can barely breathe|can hardly breathe|struggling to breathe|"
                     "trouble breathing|difficulty breathing|hard to breathe|unable to breathe|"
                     "can not catch my breath|gasping for air|gasping for breath|not able to breathe|"
                     "can not get air|can not get enough air|could not breathe|struggling for breath|"
                     "struggling for air|fighting for breath|can not breath"},
    {"toxic", "bleach|poison|antifreeze|battery|batteries|detergent|pod|pods|weed killer|rat poison|"
              "cleaning fluid|drain cleaner|chemicals|button battery|magnets|washing up liquid|"
              "dishwasher tablet|laundry pod|paint thinner|lighter fluid|petrol|gasoline|nail polish remover|"
              "dishwasher tablets|laundry pods|rat poison|pesticide|insecticide|weedkiller"},
    {"unresponsive", "unconscious|unresponsive|not responding|not breathing|stopped breathing|not waking up|"
                     "will not wake up|not conscious|turning blue|gone blue|going blue|passed out and|is not waking up|"
                     "is not responding|is not breathing|is unconscious|is unresponsive|fainted and is not|"
                     "collapsed|not moving|can not wake|blacked out and|can not be woken|limp and"},
    {"burden_whom", "to everyone|to everybody|on everyone|to my family|on my family|to you all|to them|"
                    "to people|to anyone|to everyone around me|for everyone|for my family|much longer|"
                    "anymore|for long|to the people i love|to my friends|to the people around me|on everybody"},
};

// Phrases that turn a sentence into talk about fiction, games, the news,
// awareness work or research: not the speaker's own crisis.
const char* const FICTION =
    "film|films|movie|movies|book|books|novel|novels|character|characters|hero|heroine|villain|protagonist|"
    "episode|episodes|season|series|documentary|article|articles|news|game|games|gameplay|level|anime|manga|"
    "comic|chapter|lyrics|song|songs|podcast|scene|plot|fiction|fanfic|script|roleplay|prevention|awareness|"
    "fundraiser|fundraising|charity|research|statistics|study|studies|course|training|lecture|essay|thesis|"
    "class|seminar|webinar|campaign|boss fight|dark souls|elden ring|minecraft|fortnite|squad|volunteer|"
    "volunteering|nurse|paramedic|rates|a play|the play|musical|opera|tv|sitcom|netflix|youtube video|"
    "video game|npc|my sims|the sims|dnd|d and d|headline|headlines|reported|report|the paper|newspaper|"
    "the story|a story|short story|poem|poetry|fanfiction|quest|respawn|hotline number for a|awareness month|"
    "first aid|cpr|hypothetically|hypothetical|in theory|what if someone|if someone";

// Said of the past: the speaker is telling a story, not asking for help now.
const char* const PAST_ALL =
    "years ago|used to|when i was young|when i was younger|when i was a kid|when i was little|"
    "when i was a teenager|when i was a teen|when i was in school|when we were kids|as a kid|as a child|"
    "as a teenager|growing up|in the past|back then|long time ago|in high school|in college|a decade ago|"
    "years back|when i was #many|when i was fifteen|when i was sixteen|when i was thirteen|when i was fourteen";
const char* const PAST_MEDICAL =
    "last year|last month|months ago|month ago|weeks ago|year ago|recovered|turned out|was diagnosed|"
    "diagnosed with|died|passed away|died of|died from|in #year|survived|history of|risk of|signs of|"
    "symptoms of|symptoms|is fine now|was fine|got better|all clear|false alarm|checked out fine";

// Words that, between a negation and the match, mean doubt rather than
// denial: "I'm not sure I want to live", "I can't stop thinking about it".
const char* const DOUBT =
    "sure|know|certain|think|saying|why|how|stop|help|if|whether|care|understand|matter|mean|ever|tell|"
    "admit|lie|anyone|anybody|see why|quit|shake|get rid of|escape";

// Laughter and joking: JOKE rules do not fire in a message that has these.
const char* const LAUGH =
    "as a joke|for a joke|for a laugh|for fun|playfully|messing around|mucking around|play fighting|play fight|"
    "pillow fight|lol|lmao|lmfao|rofl|haha|hahaha|hahahaha|hehe|jk|joking|kidding|xd|lolol|lool|ha ha|hilarious|"
    "laughing|cracking up|funny|lmfaooo|lmaoo|hahah|ahaha";

// Subjects that are someone else ("my friend is suicidal"): SELF rules
// stop at these when looking back for who the sentence is about.
const char* const OTHERS =
    "he|she|they|someone|somebody|people|friend|friends|@rel|character|hero|heroine|man|woman|guy|girl|boy|"
    "kid|kids|child|children|patient|patients|teen|teens|teenagers|student|students|victim|victims|person|"
    "celebrity|actor|singer|colleague|coworker|nephew|niece|baby|you|we|everyone|anyone|nobody|mate|client|"
    "clients|his|her|their|team|company|grandad|nan|gran|grandmother|grandfather";

const char* const FIRST_PERSON = "i|me|my|myself|mine";

// Breathlessness that is a figure of speech or a stuffy nose, not an emergency.
#define BREATHE_IDIOMS \
    "through my nose|through his nose|through her nose|underwater|under water|in this heat|in here|with this mask|" \
    "in this mask|in this humidity|without my|for laughing|from laughing|laughing|with excitement|for excitement|" \
    "through it|in this traffic|in this office|in this meeting|without coffee|without you|without my phone|" \
    "without him|without her|without music|in these jeans|in this dress|in this outfit|in this suit|in the heat|" \
    "in this weather|in london|in the city|with all this pollen|because of the smoke from|at altitude"

// Threats that are about money, law or school, not violence.
#define THREAT_IDIOMS \
    "with eviction|with legal action|with a lawsuit|with court|with detention|with the police|with a bad review|" \
    "to sue|with a fine|with a ticket|with a parking ticket|with a bill|with a late fee|with exclusion|with expulsion"

// Everyday annoyances: "I can't take this anymore, my neighbours are so
// loud" is a complaint, not a crisis (for the rules people also use to vent).
#define MUNDANE \
    "neighbours|neighbors|noise|loud|traffic|weather|heat|rain|snow|homework|commute|meeting|meetings|printer|" \
    "wifi|internet|queue|diet|this song|exam|exams|assignment|deadline|essay|spreadsheet|emails|inbox|boss|" \
    "coworker|colleague|roommate|flatmate|dishes|laundry|chores|customers|this game|this level|mondays|monday|" \
    "lol|haha|admin|paperwork|taxes|bus|train is late|delays|construction|drilling|barking|this class|lecture|" \
    "revision|tiktok|twitter|instagram|my phone|this phone|this laptop|this computer"

// Being out of breath for ordinary reasons.
#define BREATHE_CONTEXT \
    "full|ate too much|eaten too much|stuffed|food coma|funny|hilarious|nose|a cold|the flu|congested|blocked|stuffy|" \
    "hay fever|pollen|mask|corset|jeans|dress|humid|humidity|sauna|gym|workout|stairs|climbing|hike|hiking|cute|" \
    "gorgeous|beautiful|excited|excitement|the view|stunning|smell|stinks|perfume|smoke from the bbq|this room|" \
    "so good|amazing|in love|your text|this song|the ending|plot twist"

// Talk about suicide as a subject, not about oneself.
// Things people want over with that are not their life.
#define ENDURANCE \
    "flight|journey|shift|semester|term|lecture|wait|drive|trip|day|week|month|match|movie|film|class|meeting|" \
    "weekend|exam|season|game|song|party|holiday|year|winter|rain|heat|pandemic|lockdown|election|surgery|" \
    "appointment|call|interview|hangover|cold|flu|period|cramps|headache|migraine|toothache|tooth|work"

#define GENERAL_TALK \
    "public health|issue|issues|epidemic|stigma|society|topic|debate|policy|teenagers|youth|veterans|men's health|" \
    "rates|statistics|crisis line|hotline|helpline|awareness|prevention|leading cause|cause of death|among|why do people"

// ---------------------------------------------------------------------------
// The rules. The most urgent kind found wins (medical, then self-harm,
// then danger); every kind found gets its help lines.
const Rule RULES[] = {
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
     "for my headache|for the trip|to take to", SELF},
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
     "if i miss|if i eat|if i lose|unless i get|unless i eat|without coffee|without food"},
    {S, "wish_dead", "(wish|wishing|wished) i .. (dead|gone|never born|never been born|not alive|not here|could die|would die|had died|"
                     "did not exist|was not born|would not wake up|could disappear|never existed|could disappear forever|"
                     "could vanish|could not exist|could sleep forever|could fall asleep forever|was never born|"
                     "were never born|could stop existing|could end it|could just end it)",
     "of|from|for|laughing|on|to|in the", NO_NEG | JOKE},
    {S, "hope_die", "(hope|hoping|pray|praying) (i die|i do not wake up|i never wake up|i get hit by|something kills me|"
                    "i do not make it|i die in my sleep|it ends soon|i will not wake up)",
     "of|laughing|late|early|on time|in time|before|at|with a|hungover|sick|with|until|till|for"},
    {S, "hope_something", "(hope|hoping|wish|pray|praying) (something|a car|a bus|an accident|a truck|lightning|something bad|"
                          "the plane|someone|a train) .. (happens to me|hits me|kills me|takes me|runs me over|crashes|"
                          "ends me|finishes me off)",
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
    {S, "stop_existing", "(stop existing|stop living|not exist anymore|not be alive anymore|cease to exist|stop being alive)"},
    {S, "tired_of_living", "(tired|sick|done|finished|exhausted|weary|fed up|worn out) (of|with|from) (living|life|existing|being alive|"
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
     "at the party|on the team|in the group|in the band|at work|on the project|for the trip|tonight|for the weekend"},
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
     "at the|at work|tonight|this weekend|on the", NO_NEG},
    {S, "live_or_die", "(if i live or die|whether i live or die|if i am alive or dead|whether i am alive or dead)"},
    {S, "no_point", "(point|reason|purpose|use|sense) (in|of|to)? @go_on", "is|was|according|in the|of the|of this|of that|", NO_NEG},
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
     "coach|hack|hacks|style|story|stories|goals|drawing", SELF},
    {S, "not_worth_living", "(not worth living|not worth being alive|not worth the pain anymore|not worth it anymore)", "", NO_NEG},
    // Sleep that does not end.
    {S, "never_wake", "(sleep|asleep|bed|close my eyes) ... and? (not|never) (wake|to wake)",
     "at night|during the night|in the night|early|for|until|till|on time|when|before|up at night|up early", NO_NEG},
    {S, "not_wake_hope", "(hope|wish|want|pray|praying|hoping) .. (not|never) (wake|to wake)",
     "early|at|for|before|until|till|on time|when the alarm|this early|up early|up at|up before|up late|late|up in time|"
     "up on time|up with|up hungover|up sick|up too|in time", NO_NEG},
    {S, "sleep_forever", "(want to|wish i could|wish to|wanna|go to|fall|wish i would|want to go to|just want to|"
                         "need to|wish i could go to|wish i could fall) ... (sleep|asleep|rest) (forever|for ever|eternally|"
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
     "when i ask|with homework|with my homework|for asking|sometimes|on my friends when|when i need", SELF},
    {S, "not_be_around", "not (be|going to be) .. (around|here|alive|a problem|anyone problem|a burden|a bother|"
                         "in your way|in the way|anyone burden|your problem|their problem|a problem for anyone|"
                         "bothering anyone|bothering you) .. (much longer|for long|for much longer|anymore|soon|"
                         "after tonight|after today|by tomorrow|this time next week|any longer|much more|forever|"
                         "for you to worry about|to see it|to see that|to see them|to see you|to see things|to see)",
     "", NO_NEG},
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
                   "one last time before i go|before i go for good)"},
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
     "so i can|early|soon so|so that|and then|before|raining|snowing|ringing|beeping|buzzing|barking|already so", SELF,
     ENDURANCE},
    {S, "wish_it_end", "(wish|want|need|hope|hoping|wishing) (it|everything|it all|life|my life|all of it|this life|the pain) "
                       "(would|could|will|to)? (all)? (end|stop|be over|just end|end forever|stop forever|finish)",
     "so i can|early|soon so|so that|and then|before|raining|snowing|ringing|beeping|buzzing|barking|already so", SELF,
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
     SELF},
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
     NONE},
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
     "", NO_NEG},
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
                      "looks lopsided|is lopsided|drooped|is numb|going numb|gone numb|feels numb|is dropping|dropping|went numb|suddenly numb)",
     "from the dentist|after the dentist|at the dentist|from dental|in the photo|in photos|in pictures|in the picture|"
     "when i smile in"},
    {M, "slurred", "(slurred speech|speech is slurred|speech slurred|slurring|words are slurred|can not speak properly|"
                   "can not talk properly|can not get my words out|words coming out wrong|can not get his words out|"
                   "can not get her words out|words are coming out wrong|speech is weird and|speech is garbled|"
                   "not making sense when he talks|not making sense when she talks)",
     "drunk|after a few|after the party|after the pub|because of the wine|after the bar|from the wine|because he is drunk|"
     "because she is drunk|because i am drunk|after drinks|on stage|in the interview|in front of|in public|when i am nervous|"
     "when nervous|because i am nervous"},
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
     NONE},
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
    {M, "lips_blue", "(lips|face|skin|fingers|lips are|face is) .. (blue|purple|grey|gray|going blue|turning blue)",
     "from the cold|from cold|because it is cold|with cold|paint|ink|from the paint|from the dye|from the ice|"
     "lipstick|makeup|from the slushie|from the sweets|from the candy|from blueberries|from the popsicle|"
     "from the ice lolly|from swimming|in the pool|in the lake|in the sea|eyes"},
};

struct Compiled {
    const Rule* rule;
    Pattern pattern;
    Pattern unless;
    bool has_unless;
    Pattern unless_in;
    bool has_unless_in;
};

struct Detector {
    WordSets sets;
    std::vector<Compiled> rules;
    Pattern fiction, past_all, past_medical, doubt, laugh, others, first_person;
    std::string error;

    static WordSets build_sets() {
        WordSets sets;
        // In table order, so "someone" can use "rel" ("my @rel").
        for (const auto& [name, text] : SET_TABLE) {
            std::vector<safety::Phrase> expanded;
            for (const auto& ph : safety::parse_phrases(text)) expand(ph, sets, &expanded);
            sets[name] = std::move(expanded);
        }
        return sets;
    }
    static void expand(const safety::Phrase& ph, const WordSets& sets, std::vector<safety::Phrase>* out) {
        for (size_t i = 0; i < ph.size(); i++) {
            if (ph[i].size() < 2 || ph[i][0] != '@') continue;
            auto it = sets.find(std::string_view(ph[i]).substr(1));
            if (it == sets.end()) return;
            for (const auto& sub : it->second) {
                safety::Phrase x(ph.begin(), ph.begin() + static_cast<long>(i));
                x.insert(x.end(), sub.begin(), sub.end());
                x.insert(x.end(), ph.begin() + static_cast<long>(i) + 1, ph.end());
                expand(x, sets, out);
            }
            return;
        }
        out->push_back(ph);
    }

    // A "phrase|phrase" list as one pattern element.
    Pattern any_of(const char* list) { return Pattern(std::string("(") + list + ")", sets); }

    Detector()
        : sets(build_sets()), fiction("", sets), past_all("", sets), past_medical("", sets), doubt("", sets),
          laugh("", sets), others("", sets), first_person("", sets) {
        fiction = any_of(FICTION);
        past_all = any_of(PAST_ALL);
        past_medical = any_of(PAST_MEDICAL);
        doubt = any_of(DOUBT);
        laugh = any_of(LAUGH);
        others = any_of(OTHERS);
        first_person = any_of(FIRST_PERSON);
        for (const auto& r : RULES) {
            Compiled c{&r,
                       Pattern(r.pattern, sets),
                       Pattern(std::string("(") + r.unless_after + ")", sets),
                       r.unless_after[0] != 0,
                       Pattern(std::string("(") + r.unless_in + ")", sets),
                       r.unless_in[0] != 0};
            if (!c.pattern.ok() && error.empty()) error = std::string(r.name) + ": " + c.pattern.error();
            if (c.has_unless && !c.unless.ok() && error.empty()) error = std::string(r.name) + ": " + c.unless.error();
            if (c.has_unless_in && !c.unless_in.ok() && error.empty()) error = std::string(r.name) + ": " + c.unless_in.error();
            rules.push_back(std::move(c));
        }
    }
};

const Detector& detector() {
    static const Detector d;
    return d;
}

bool contains(const Pattern& p, const Clause& clause) { return p.find(clause).start >= 0; }

bool word_in(const Pattern& set, const Clause& clause, int at, int* end = nullptr) {
    int e = 0;
    bool m = set.matches_at(clause, at, &e) && e > at;
    if (end) *end = e;
    return m;
}

// A negation in the four words before `start` that no word of doubt follows.
bool negated(const Detector& d, const Clause& clause, int start) {
    for (int j = start - 1; j >= 0 && j >= start - 4; j--) {
        if (clause[j] == ",") return false;
        if (clause[j] == "not" || clause[j] == "never" || clause[j] == "no" || clause[j] == "nor") {
            // "not only/just" is not a denial.
            for (int k = j + 1; k < start; k++)
                if (word_in(d.doubt, clause, k)) return false;
            return true;
        }
    }
    return false;
}

// Whether the nearest person named before `start` is the speaker (or no
// one, unless `named`).
bool about_self(const Detector& d, const Clause& clause, int start, bool named) {
    for (int j = start - 1; j >= 0; j--) {
        if (clause[j] == ",") return !named;
        // "my" names the speaker for SELF ("my suicidal thoughts") but not
        // for ME: in "my battery is about to die" the battery is the subject.
        if (word_in(d.first_person, clause, j) && !(named && (clause[j] == "my" || clause[j] == "mine"))) return true;
        if (word_in(d.others, clause, j)) {
            // "my friend" is someone else; "friend of mine" too; "them"/"him" are objects, not listed.
            return false;
        }
    }
    return !named;
}

bool fires(const Detector& d, const Compiled& c, const Clause& clause, bool laughing) {
    const Rule& r = *c.rule;
    if ((r.flags & JOKE) && laughing) return false;
    if (c.has_unless_in && contains(c.unless_in, clause)) return false;
    for (int from = 0; from < static_cast<int>(clause.size());) {
        auto span = c.pattern.find(clause, from);
        if (span.start < 0) return false;
        from = span.start + 1;
        if (!(r.flags & NO_NEG) && negated(d, clause, span.start)) continue;
        if (c.has_unless) {
            int e = 0;
            if (c.unless.matches_at(clause, span.end, &e)) continue;
        }
        if ((r.flags & (SELF | ME)) && !about_self(d, clause, span.start, r.flags & ME)) continue;
        if ((r.flags & MINE) && !contains(d.first_person, clause)) continue;
        return true;
    }
    return false;
}

int urgency(CrisisKind k) { return k == M ? 3 : k == S ? 2 : k == D ? 1 : 0; }

}  // namespace

// For tests: every rule and set compiles ("" when they do).
std::string safety_rules_error() { return detector().error; }

CrisisSignal detect_crisis(std::string_view text) {
    const Detector& d = detector();
    CrisisSignal out;
    auto clauses = safety::normalise(text);
    bool laughing = false;
    for (const auto& clause : clauses) laughing = laughing || contains(d.laugh, clause);
    for (const auto& clause : clauses) {
        if (contains(d.fiction, clause) || contains(d.past_all, clause)) continue;
        const bool medical_past = contains(d.past_medical, clause);
        for (const auto& c : d.rules) {
            const CrisisKind kind = c.rule->kind;
            if (kind == M && medical_past) continue;
            if (std::find(out.kinds.begin(), out.kinds.end(), kind) != out.kinds.end()) continue;
            if (!fires(d, c, clause, laughing)) continue;
            out.kinds.push_back(kind);
            if (urgency(kind) > urgency(out.kind)) {
                out.kind = kind;
                out.rule = c.rule->name;
            }
        }
    }
    std::sort(out.kinds.begin(), out.kinds.end(), [](CrisisKind a, CrisisKind b) { return urgency(a) > urgency(b); });
    return out;
}

}  // namespace os1::companion
