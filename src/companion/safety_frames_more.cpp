// More frames of indirect self-harm (eighth pass), written as general
// shapes read across the whole message, each with the everyday reasons
// that turn it into something else:
//
//   joining the dead        "going to be with mum soon" AND she died, is
//                           gone, or "I miss her too much to stay"
//   going where things      given away, cancelled, sold AND "where I'm
//     are not needed        going", "for after I'm gone" (a plainer
//                           everyday reason, a charity shop, does not
//                           outweigh that)
//   nobody to worry         "nobody will have to worry about me after this
//                           week", "out of everyone's way for good"
//   removing oneself        "take myself out of the picture", "set them
//                           free", "give them back their peace", "I'm the
//                           problem" AND "removing the problem"
//   a day chosen            "picked a date", "made my decision" AND a sign
//                           it is final (calm, relief, "fitting")
//   a place dwelt on        a bridge, the tracks, a ledge, deep water AND
//                           dwelling on it ("keep going back", "legs over
//                           the side", "how quick it would be")
//   hurting on purpose      a body part hit, bitten, burned, carved "on
//                           purpose", "till it bleeds", "as punishment";
//                           cuts or scars hidden from people
//   worth more gone         "worth more to them dead", "make it look like
//                           an accident", "this is my goodbye"
//
// Clause rules are checked like every rule (safety_detect.cpp); PAIR rules
// need both cue classes in the message's read clauses, neither negated.
#include "companion/safety_rules.h"

namespace os1::companion::safety {

namespace {

const std::pair<const char*, const char*> FRAME_MORE_SETS[] = {
    // Someone loved, who may have died.
    {"f_loved", "my @rel|@rel|my grandma|grandma|my grandpa|grandpa|my nan|nan|my nana|nana|my grandad|grandad|"
                "my granddad|granddad|my gran|gran|my granny|granny|my late @rel|him|her|them|my baby|my boy|"
                "my girl|my best friend|my friend|my husband|my wife|my twin|my mate"},
    // Going to be with them.
    {"f_join_dead", "be with @f_loved again|be with @f_loved soon|be with @f_loved in heaven|see @f_loved again soon|"
                    "see @f_loved soon|see @f_loved in heaven|join @f_loved|go to @f_loved|go where he is|"
                    "go where she is|go where they are|be where he is|be where she is|be reunited with|"
                    "reunited with @f_loved|with @f_loved again soon|follow @f_loved|follow him|follow her|"
                    "see @f_loved again|be with @f_loved again soon"},
    // ...who have died, or without whom they cannot stay.
    {"f_their_death", "died|passed|passed away|is gone|has gone|have gone|was taken|in heaven|lost my|late|killed|"
                      "is dead|are dead|since he went|since she went|miss him too much|miss her too much|"
                      "miss them too much|too much to stay|can not live without|can not go on without|"
                      "can not do this without"},
    // A last destination that is not a place.
    {"f_gone_final", "where i am going|where i am headed|where i am off to|after i am gone|when i am gone|"
                     "once i am gone|for when i am gone|for after i am gone|not be needing them where|"
                     "not need them where|not need it where|need any of it where|for after"},
    // "I'm the problem" ...
    {"f_i_problem", "i am the problem|i am always the problem|the problem is me|i am the common denominator|"
                    "i am what is wrong|i am the reason everything|i am the cause of|i am the reason they|"
                    "i am the one ruining|i ruin everything|i am ruining everything"},
    // ...and the problem removed.
    {"f_fix_problem", "remove the problem|removing the problem|remove myself|removing myself|get rid of the problem|"
                      "getting rid of the problem|problem is gone|problem will be gone|problem goes away|"
                      "problem will go away|fix that for everyone|fix it for everyone|fix this for everyone|"
                      "solve the problem for everyone|solve it for everyone|solve that for everyone|"
                      "take care of the problem|the logical step|logical solution|only solution|one solution"},
    // A day chosen, a decision made...
    {"f_chose", "picked a date|picked the date|chose a date|chose the date|chosen a date|chosen the date|"
                "chose the day|chosen the day|picked the day|picked a day|set a date|set the date|have a date in my head|"
                "got a date in my head|a date in my head|date in mind|deciding when|decided when|made my decision|"
                "made the decision|my mind is made up"},
    // ...and a sign that it is final.
    {"f_chose_final", "calm|calmer|lighter|at peace|peaceful|relief|relieved|fitting|seems right|feels right|"
                      "not ruin it|do not ruin|not to ruin|after her birthday|after his birthday|after christmas|"
                      "nobody knows|nobody will know|not telling anyone|do not tell anyone|for the first time in|"
                      "weird feeling|no going back|not scared anymore|ready now|i am ready|the answer|it is decided"},
    // A place people end their lives...
    {"f_place", "bridge|footbridge|the tracks|train tracks|railway tracks|railway line|the railway|cliff|cliffs|"
                "the edge|a ledge|the ledge|window ledge|rooftop|the roof|roof of|multistorey|multi storey|"
                "car park|top floor|balcony|overpass|motorway bridge|reservoir|quarry|the river|the canal|"
                "the lake|the sea|the dam|the water|railing|the gap|beachy head|the platform|the tracks"},
    // ...dwelt on.
    {"f_dwell", "keep thinking about|keep looking at|keep noticing|keep going back|keep driving out|keep walking past|"
                "been going to|been going back|been looking at|every night just to|sat there for|sit at the edge|"
                "sat at the edge|sat on the edge|sitting on the edge|stood at the edge|standing at the edge|"
                "stood right at|legs over|leaned over|leaning over|climbed over|on the wrong side|how easy it would be|"
                "how quick it would be|how quickly|would be so easy|so easy to|one of these nights|braver next time|"
                "closer every time|getting closer|deep enough|high enough|nobody goes there|nobody would see|"
                "looks so welcoming|looks welcoming|looks calm|looks peaceful|let it take me|walking towards it|"
                "walk into it|just falling in|just fall in|just step|just jump|just let go|low railing|no railing|"
                "how peaceful it would be|how calm it would be|how quiet it would be|how cold it would be|how cold and|"
                "one step|not drive home|will not drive home|floors up|storeys up|stories up|floors high|storeys high"},
};

// Everyday reasons to see someone again, or to have lost them long ago.
#define JOIN_REASON                                                                                               \
    "grave|cemetery|memorial|headstone|ashes|dream|dreamt|dreamed|photos|photo|video|one day|someday|some day|"    \
    "when my time comes|when it is my time|when i am old|eventually|in my dreams|visit|visiting|hospice|"         \
    "hospital|holiday|christmas|flight|trip|airport|for lunch|for dinner|for tea|birthday|concert|wedding|"      \
    "reunion|back from|home from|abroad|deployment|prison|rehab|lol|haha|movie|film|song|book|story|ex|date|"     \
    "dating|texted|text|call|calling|weekend|next week|tomorrow|instagram|insta|twitter|tiktok|social|account|"   \
    "online|footsteps|lead|advice|example|career|back to|gone back|went back|moved on|new girlfriend|"           \
    "new boyfriend|his ex|her ex|cheated|broke up|dumped|break up"

// Everyday places to go to: a trip, a move, a new job.
#define GONE_REASON                                                                                               \
    "moving|move|moved|abroad|emigrating|emigrate|travelling|traveling|trip|holiday|vacation|prison|jail|army|"    \
    "deployment|deployed|rehab|boarding school|uni|university|college|dorm|new job|new house|new flat|new place|" \
    "hot|sunny|warm|weather|climate|tropics|space|mars|lol|haha|heaven one day|retire|retiring|retirement"

// Everyday reasons nobody will have to worry about someone.
#define WORRY_REASON                                                                                              \
    MUNDANE "|flight|journey|shift|semester|term|lecture|trip|class|meeting|exam|holiday|surgery|appointment|"     \
    "interview|vacation|camping|travelling|traveling|abroad|visiting|conference|business trip|the office|gym|"    \
    "project|school|uni|college|course|test|license|licence|passed|pass|money|pay|paid|rent|flat|own place|graduate|graduating|"   \
    "moving|moved|home by|back by|safe|fine|okay|ok|staying|stay with|better|recovered|surgery|operation|"        \
    "i promise|promise|grown up|independent|sorted|careful|text you|call you|let you know|lift|lifts|ride|rides|"  \
    "car|bus|train|babysit|babysitting|cook|cooking|meals|lunch|dinner|laundry|bills|sober|clean|therapy|meds|"   \
    "medication|doctor|nurse|carer|care home|retire|retirement|pension|savings|job|work"

// Everyday meanings of a day chosen or a decision made.
#define CHOSE_REASON                                                                                              \
    EVERYDAY_NO_TIME "|wedding|party|surgery|operation|appointment|move|moving|interview|date night|first date|" \
    "dinner|reunion|launch|baby|due date|gender reveal|christening|celebration|retire|retirement|offer|house|"    \
    "car|tattoo|haircut|boyfriend|girlfriend|tinder|proposal|propose|engaged|leaving him|leaving her|leave him|" \
    "leave her|divorce|break up|breaking up|broke up|quit|quitting|resign|resigning|degree|major|course|"         \
    "uni|college|diet|gym|vegan|sober|quit smoking|stop drinking|therapy|holiday|trip|flight|booking|booked|"     \
    "forgive|forgiven|forgiving|dog|cat|puppy|kitten|pet|name|names"

// Everyday reasons to be on a bridge, by a river or at the edge.
#define PLACE_REASON                                                                                              \
    "photo|photos|pictures|sunset|sunrise|view|views|herons|birds|ducks|swans|swim|swimming|fishing|walk the dog|" \
    "walking the dog|dog|kayak|canoe|paddle|boat|sailing|surf|surfing|running|jog|jogging|cycling|picnic|fixing|" \
    "gutter|repair|repairs|painting|inspection|survey|engineer|builder|builders|tourist|holiday|trip|lol|haha|"  \
    "beautiful|pretty|lovely|gorgeous|stunning|scenery|frozen|ice|skating|diving|dive|bungee|climb|climbing|"     \
    "hike|hiking|camping|wedding|proposal|drinks|bar|restaurant|cafe|pub|festival|concert|fireworks|selfie|"      \
    "sketch|drawing|drone|geography|history|architecture|commute|traffic|closed|roadworks|delayed|cancelled|"     \
    "strike|ticket|parking|park the car|parked|find a space|spaces|game|film|movie|book|story|dream|nightmare|"    \
    "vertigo|scared of heights|afraid of heights|fear of heights|phobia|kids|children|son|daughter|live by|"       \
    "living by|live near|living near|move to|moving to|retire to|house by|cottage|holiday home|a home by"

// Accidents, pests and skin trouble: hurting that is not meant.
#define HURT_REASON                                                                                               \
    "accident|accidentally|by mistake|cooking|oven|iron|gym|sport|sports|rugby|football|boxing|training|martial|" \
    "lol|haha|dog|cat|puppy|kitten|mosquito|mosquitoes|bites|itch|itchy|eczema|psoriasis|rash|hives|sunburn|"    \
    "allergy|allergic|dermatitis|chickenpox|chicken pox|tattoo|henna|pen|marker|sharpie|eyeliner|number|reminder|" \
    "nail biting|bite my nails|biting my nails|dry skin|habit since|stress ball|fidget"

// Stories, pranks and breakages made to look like accidents.
#define ACCIDENT_REASON                                                                                           \
    "murder|kill him|kill her|kill them|husband|wife|boss|plot|story|game|villain|detective|novel|film|movie|show|" \
    "broke|vase|spilled|spill|mess|dent|scratch|the car|lol|haha|prank"

// Everyday reasons to cover one's arms.
#define SLEEVES_REASON                                                                                            \
    "allergy|eczema|psoriasis|sun|sunburn|tattoo|tattoos|religious|religion|modest|modesty|hijab|uniform|"         \
    "dress code|mosquito|mosquitoes|cold|air con|aircon|office|fashion|style|cute|vitiligo|rash|lol|haha"

const Rule FRAME_MORE_RULES[] = {
    // Nobody will have to worry about them, after a horizon.
    {S, "not_worry_horizon", "(not|never|nobody|no one) .. (have|has|need|needs) to (worry about|deal with|put up with|"
                             "look after|take care of|care for|bother with|think about|carry) me .. (after|by|soon|"
                             "ever again|again|anymore|any more|much longer|for long|forever|for good|permanently|"
                             "at all|this weekend|this week)",
     "", NO_NEG | JOKE, WORRY_REASON},
    {S, "out_of_the_way", "(out of|off) (everyone way|everyones way|everybody way|your way|their way|the way|"
                          "your lives|their lives) (soon|for good|forever|permanently|soon enough)",
     "", ME | JOKE, WORRY_REASON},
    // Taking themselves out of the picture.
    {S, "remove_myself", "(remove|removing|removed|take|taking|get|getting) (myself|me) (out of|from|off) (the picture|"
                         "the equation|this world|the world|this earth|existence|their lives|your lives|everyone life|"
                         "everyone lives)",
     "", SELF | JOKE,
     "group chat|chat|group|team|project|committee|meeting|party|drama|situation|argument|relationship|friendship|"
     "race|competition|list|mailing list|running|contention|consideration|lol|haha|social media|instagram|app|grid"},
    {S, "set_free", "(set|setting) (them|you|everyone|my family|my @rel|my kids|my children|my parents|you all|"
                    "her|him) free (permanently|forever|for good|from me|of me|$)",
     "", ME | JOKE,
     "butterfly|butterflies|fish|bird|birds|caught|catch|release|released|wild|hamster|animals|pets|pet|song|"
     "lyrics|breakup|break up|broke up|breaking up|dumped|divorce|relationship|dating|boyfriend|girlfriend|"
     "deserves better|deserve better|cage|tank|jar|trap|lol|haha"},
    {S, "give_peace", "(give|giving) (you|them|her|him|everyone|my family|my @rel) (back)? (your|their|her|his) "
                      "(peace|life|lives|freedom) (back)?",
     "", ME | JOKE, "lol|haha|space|room|time"},
    // Hurting a body part on purpose, till it bleeds, as punishment.
    {S, "injure_on_purpose",
     "(slam|slammed|slamming|bang|banged|banging|bite|bit|biting|bitten|scratch|scratched|scratching|burn|burned|"
     "burnt|burning|hit|hitting|punch|punched|punching|pull|pulled|pulling|pinch|pinched|stab|stabbed|stabbing|"
     "smash|smashed|smashing|bruise|bruised|bruising|pick|picked|picking|dig|dug|digging) .. (my|myself|my own) "
     "(hand|hands|arm|arms|skin|leg|legs|head|hair|wrist|wrists|thigh|thighs|finger|fingers|fist|fists|face|"
     "stomach|body|knuckles) ... (on purpose|deliberately|as punishment|as a punishment|to punish myself|"
     "because i deserve|till it bleeds|until it bleeds|so hard it bled|till it bled|until it bled|till they bleed|"
     "until they bleed|till i bleed|until i bleed|raw|when i hate myself|when i get like this|to feel something|"
     "to feel pain|to cope|so i can feel|to stop feeling|bald patches|till there is|until there is)",
     "", SELF, HURT_REASON},
    {S, "carve_into", "(carve|carved|carving|etched|etch|etching|scratched|scratch|scratching) .. (into|in|on) my "
                      "(arm|arms|skin|leg|legs|wrist|wrists|thigh|thighs|stomach|hand|chest)",
     "", SELF, HURT_REASON},
    {S, "hide_cuts", "(hide|hiding|hid|cover|covering|covered|cover up|covering up) .. (my)? (cuts|fresh cuts|"
                     "new cuts|self harm|self harm scars|the cutting|my cutting|scars on my arms|scars on my wrists|"
                     "scars on my legs|scars on my thighs|cuts on my|burns on my arms)",
     "", SELF, HURT_REASON "|acne|surgery|operation|c section|caesarean|scar cream|old|faded|years"},
    {S, "sleeves_hide", "(wear|wearing|wore|keep wearing) (long sleeves|bracelets|wristbands) .. (so nobody|so no one|"
                        "so people do not|so they do not) (asks|ask|sees|see|notices|notice|finds out|find out|can see)",
     "", SELF, SLEEVES_REASON},
    {S, "sleeves_summer", "(wear|wearing|wore|keep wearing) (long sleeves|bracelets|wristbands) .. (in summer|in the summer|"
                          "even in summer|in this heat|when it is hot|even when it is hot)",
     "", SELF, SLEEVES_REASON},
    // Worth more gone; an end made to look like an accident; a goodbye that is this message.
    {S, "worth_more_dead", "(worth more|more useful|more use|more valuable|better use) (to them|to my family|to everyone|"
                           "to my kids|to my wife|to my husband|to her|to him)? (dead|gone|on paper|as a payout|"
                           "when i am gone|after i am gone|if i was gone|if i was dead|if i died|without me)",
     "", JOKE, "lol|haha|car|house|painting|art|artist|famous|stamp|collection|card|cards|coin|coins"},
    {S, "look_accident", "(make|making|made) (it|my death|this|mine|everything) (look|seem) like an accident", "", JOKE,
     ACCIDENT_REASON},
    {S, "will_look_accident", "(it will|it would|it could|would it|will it|it will have to|it has to) (look|seem) like an "
                              "accident",
     "", SELF | JOKE, ACCIDENT_REASON},
    {S, "this_is_goodbye", "(this is|it is|here is|so this is) (my|the|a)? (goodbye|final goodbye|last goodbye|"
                           "farewell|last message|final message|final words|last words)",
     "", JOKE,
     "for now|for the summer|for a while|for a bit|for the year|for today|tonight|tomorrow|see you|server|forum|"
     "group|channel|blog|page|stream|podcast|show|team|job|company|office|school|class|course|post|flat|house|"
     "holiday|trip|move|moving|leaving do|party|season|series|episode|lol|haha|speech|card|game|band|tour|today|"
     "this week|this year|of the year|new year|christmas|the day|the night|of the day|of the night|before bed|"
     "before i sleep|before i go to bed|about the|about this|about that|about my|regarding|on this topic|"
     "on the subject|in this chat|in this thread|for the group|to the group"},
    {S, "fatal_fall", "(height|drop|fall|floor|storey|metres|meters|feet) .. (to be fatal|be fatal|to be deadly|be deadly|"
                      "to kill|kill you|to die|enough to die|enough to kill|to not survive|not to survive)",
     "", WHOLE | JOKE,
     "skydive|skydiving|bungee|parachute|paragliding|diving board|cliff diving|swim|pool|climb|climbing|"
     "trampoline|ladder|fence|drone|phone|laptop|egg|egg drop|physics|science|homework|class|insurance|building "
     "regulations|regulation|regulations|code|railing height|safety|baby|toddler|kid|child|cat|dog|pet|stairs|"
     "scaffolding|roofer|construction|work at height|harness|lol|haha"},
};

const PairRule FRAME_MORE_PAIRS[] = {
    {S, "pair_join_dead", "f_join_dead", "f_their_death", JOIN_REASON, JOKE},
    {S, "pair_affairs_gone", "f_dispose", "f_gone_final", GONE_REASON, SELF | JOKE},
    {S, "pair_problem_fixed", "f_i_problem", "f_fix_problem", "lol|haha|maths|math|homework|puzzle|code|bug|exam",
     JOKE},
    {S, "pair_chose_final", "f_chose", "f_chose_final", CHOSE_REASON, SELF | JOKE},
    {S, "pair_place_dwell", "f_place", "f_dwell", PLACE_REASON, SELF | JOKE},
};

}  // namespace

std::span<const Rule> more_frame_rules() { return FRAME_MORE_RULES; }
std::span<const PairRule> more_pair_rules() { return FRAME_MORE_PAIRS; }
std::span<const std::pair<const char*, const char*>> more_frame_set_table() { return FRAME_MORE_SETS; }

}  // namespace os1::companion::safety
