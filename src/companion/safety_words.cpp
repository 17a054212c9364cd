// The word sets and clause-level lists the crisis rules share. Lists, not
// logic: extend them freely (tests check every rule still compiles).
#include "companion/safety_rules.h"

namespace os1::companion::safety {

namespace {

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

}  // namespace

std::span<const std::pair<const char*, const char*>> word_set_table() { return SET_TABLE; }

// Phrases that turn a sentence into talk about fiction, games, the news,
// awareness work or research: not the speaker's own crisis.
const char* const FICTION =
    "film|films|movie|movies|novel|novels|character|characters|hero|heroine|villain|protagonist|"
    "episode|episodes|series|new season|season finale|season of|documentary|article|articles|game|gameplay|anime|manga|"
    "comic|chapter|lyrics|song|songs|podcast|scene|plot|fiction|fanfic|script|roleplay|prevention|awareness|"
    "boss fight|dark souls|elden ring|minecraft|fortnite|"
    "a play|the play|musical|opera|tv show|tv shows|tv series|tv drama|on tv|tv programme|tv program|sitcom|youtube video|"
    "video game|npc|my sims|the sims|dnd|d and d|"
    "short story|poem|poetry|fanfiction|hotline number for a|awareness month|"
    "hypothetically|hypothetical|in theory|what if someone|if someone";

// Words that are fiction, news or a topic in one sentence and an ordinary
// place or thing in the next ("in class", "my books", "cancelled the
// paper", "someone is doing CPR", "I'm a nurse"): they set aside only
// their own part of a clause, and nothing in a clause where the speaker
// says "I" and names no topic (SetAside::read).
const char* const FICTION_WEAK =
    "book|books|games|season|level|news|charity|research|statistics|study|studies|course|training|lecture|"
    "essay|thesis|class|seminar|webinar|campaign|squad|volunteer|volunteering|nurse|paramedic|rates|fundraiser|"
    "fundraising|netflix|headline|headlines|reported|report|the paper|newspaper|the story|a story|quest|"
    "respawn|first aid";

// Talk about a subject, not about oneself: with one of these, a weak
// fiction word sets its clause aside even when the speaker says "I"
// ("in class today I learned about self harm").
const char* const TOPIC =
    "learned about|learnt about|learning about|taught us about|teaching us about|talked about|talking about|"
    "presentation on|presentation about|essay on|essay about|assignment on|assignment about|module on|"
    "module about|lesson on|lesson about|unit on|unit about|project on|project about|research on|"
    "read about|reading about|article about|article on|a talk on|a talk about|the topic|a topic|"
    "statistics on|rates of|awareness|prevention|survivors|for my course|for my class|for class|for school|"
    "for uni|for my essay|for my degree|as a nurse|as a paramedic|my patients|a patient|patients|how do you|"
    "what do you do if|what should you do if|what to do if someone|how to help someone|how do i help someone";

// A recovery told: with none of RELAPSE in the message, no self-harm reading.
const char* const RECOVERED =
    "years free|months free|weeks free|year free|free from self harm|free of self harm|free from cutting|"
    "clean for|clean since|years clean|months clean|year clean|sober for|years sober|year sober|months sober|"
    "in a good place now|in a better place now|in a good place these days|in a much better place|"
    "doing much better|doing better now|doing a lot better|much better now|a lot better now|"
    "therapy helped|therapy really helped|therapy has helped|therapy has really helped|counselling helped|"
    "been fine for|have recovered|i recovered|recovered from|in recovery|proud of how far|how far i have come|"
    "not ashamed of them|not make me ashamed|do not make me ashamed|scars have faded|old scars";

// Signs a recovery is not over.
const char* const RELAPSE =
    "relapse|relapsed|relapsing|again|urge|urges|tempted|craving|cravings|slipped|slip|back to|started|tonight|"
    "right now|want to|wanna|need to|going to|feel like|but now|and now|until now|not anymore|not any more|"
    "stopped working|not working|worse|lately|planning|plan to|plan is|scared i|afraid i|thinking about|"
    "thinking of|can not stop|do not know how";

// Denials: the learned layer gives a message that has one no self-harm
// reading ("I'm not suicidal, just tired", "I would never kill myself").
const char* const DENIAL =
    "not suicidal|never suicidal|not feeling suicidal|not going to kill myself|never going to kill myself|"
    "never kill myself|would never kill myself|will never kill myself|not kill myself|not thinking of suicide|"
    "not thinking about suicide|not thinking of killing myself|not thinking about killing myself|"
    "never wanted to kill myself|never want to kill myself|never wanted to die|not want to kill myself|"
    "not going to hurt myself|would never hurt myself|will never hurt myself|never hurt myself|"
    "not going to harm myself|would never harm myself|not going to do anything stupid|not going to do anything|"
    "not in danger|no thoughts of|not having thoughts of|not a danger to myself|not self harming|"
    "not thinking of ending|not thinking about ending|not going to end my life|never end my life|"
    "would never end my life";

// Said of the past: the speaker is telling a story, not asking for help now.
const char* const PAST_ALL =
    "years ago|used to|when i was young|when i was younger|when i was a kid|when i was little|"
    "when i was a teenager|when i was a teen|when i was in school|when we were kids|as a kid|as a child|"
    "as a teenager|growing up|in the past|back then|long time ago|in high school|in college|a decade ago|"
    "years back|when i was #many|when i was fifteen|when i was sixteen|when i was thirteen|when i was fourteen";
// The past set against now: a clause about the past with one of these and
// none of BETTER_NOW is read ("i used to have dreams, these days i just want out";
// "now" itself is dropped by the normaliser).
const char* const NOW_CONTRAST = "these days|nowadays|anymore|any more|again|still|tonight|lately|at the moment";
const char* const BETTER_NOW =
    "happy|happier|fine|okay|ok|better|good|great|clean|free|well|proud|stopped|recovered|healed|sober|grateful|"
    "thankful|over it|past it|moved on|safe|doing well|love my life|enjoy|enjoying|laugh about";

const char* const PAST_MEDICAL =
    "last year|last month|months ago|month ago|weeks ago|year ago|recovered|turned out|was diagnosed|"
    "diagnosed with|died|passed away|died of|died from|in #year|survived|history of|risk of|signs of|"
    "symptoms of|symptoms|is fine now|was fine|got better|all clear|false alarm|checked out fine";

// Words that, between a negation and the match, mean doubt rather than
// denial: "I'm not sure I want to live", "I can't stop thinking about it".
const char* const DOUBT =
    "sure|know|certain|think|saying|why|how|stop|help|if|whether|care|understand|matter|mean|ever|tell|"
    "admit|lie|anyone|anybody|see why|quit|shake|get rid of|escape";

// Laughter and joking: JOKE rules do not fire in a message that has these
// (see `laughs`). "funny" only as amusement: "his mouth went funny",
// "funny how calm I feel" are not laughing.
const char* const LAUGH =
    "as a joke|for a joke|for a laugh|for fun|playfully|messing around|mucking around|play fighting|play fight|"
    "pillow fight|lol|lmao|lmfao|rofl|haha|hahaha|hahahaha|hehe|jk|joking|kidding|xd|lolol|lool|ha ha|hilarious|"
    "laughing|cracking up|so funny|very funny|funny af|is funny|was funny|funniest|how funny|funny video|"
    "funny meme|funny story|lmfaooo|lmaoo|hahah|ahaha";

// Saying it is meant: a message with one of these does not laugh, whatever
// else it says ("lol i want to die. not the funny way", "not joking, i'm
// going to do it"). The normaliser has dropped "even", "seriously", "fr".
const char* const SERIOUS =
    "not the funny way|not in the funny way|not in a funny way|not in a joking way|not the joking way|"
    "not a joke|not joking|not kidding|no joke|i mean it|i mean it this time|i mean this|i am serious|"
    "i am being serious|dead serious|deadly serious|for real|asking for real|i am not exaggerating|"
    "not exaggerating|not being dramatic|not hypothetical|not hypothetically|in all seriousness|serious question|"
    "this is not a joke|it is not a joke|no jokes|not a drill|asking because i want to|asking for myself|"
    "asking because i am going to|it is for me|it is for myself";

// Subjects that are someone else ("my friend is suicidal"): SELF rules
// stop at these when looking back for who the sentence is about.
const char* const OTHERS =
    "he|she|they|someone|somebody|people|friend|friends|@rel|character|hero|heroine|man|woman|guy|girl|boy|"
    "kid|kids|child|children|patient|patients|teen|teens|teenagers|student|students|victim|victims|person|"
    "celebrity|actor|singer|colleague|coworker|nephew|niece|baby|you|we|everyone|anyone|nobody|mate|client|"
    "clients|his|her|their|team|company|grandad|nan|gran|grandmother|grandfather";

const char* const FIRST_PERSON = "i|me|my|myself|mine";

}  // namespace os1::companion::safety
