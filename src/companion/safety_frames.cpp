// Frames of indirect self-harm that the phrase rules and the cue classes
// (safety_compose.cpp) miss, written as general shapes, not sentences:
//
//   lethality questions   "how many of my pills would it take", "is 40 metres
//                         high enough", "does it hurt to drown", "quickest
//                         painless way to die": asking what a means does to a
//                         body, with no everyday reason given
//   affairs in order      something given away, cancelled, paid back or
//                         written for others AND a sign that it is final
//                         ("won't need them", "loose ends", "at peace now"),
//                         anywhere in the message
//   farewells             a goodbye or a message for someone AND a sign that
//                         it is the last ("for good", "just in case", "after
//                         tonight"), anywhere in the message
//   a means, ready        a means held ("the rope's in my bag", "the pills
//                         are in my hand") AND readiness or a time ("the
//                         right place", "tonight", "work up the courage")
//   acute signs           someone "not making sense", "eyes rolled back",
//                         "gone floppy" (medical); someone trying to get in,
//                         a weapon shown or swung, petrol poured (danger)
//
// The first kind are clause rules (safety_rules.h). The other three are
// PAIR rules: two cue classes that must both be in the message's read
// clauses (fiction and the past set aside), each outside a negation, in
// any order and however far apart, because people split them across
// sentences ("Sold the car. Paid my brother back. Won't need any of it.").
// Every rule goes through the checks of safety_detect.cpp (negation,
// laughter, fiction, the past) and has its own blockers: the everyday
// reasons people give away, cancel, say goodbye or ask about heights
// (moving, a new one, a trip, a class, a pet, a battery).
#include "companion/safety_rules.h"

namespace os1::companion::safety {

namespace {

const std::pair<const char*, const char*> FRAME_SETS[] = {
    // What people own and give away when they are settling their affairs.
    {"f_possession", "dog|cat|rabbit|pet|pets|fish|bird|guitar|guitars|piano|car|bike|motorbike|books|records|vinyl|"
                     "watch|ring|rings|jewellery|jewelry|necklace|clothes|laptop|computer|pc|gaming pc|console|"
                     "games|plants|stuff|things|belongings|savings|money|collection|season ticket|tickets|"
                     "account|accounts|phone|medals|tools|furniture|camera|trainers|hoodies|library|"
                     "steam library|passwords|pin|cards|bank details|pension|house|flat|instagram|facebook|"
                     "tiktok|snapchat|snap|discord|twitter|insta|social media|accounts|photos|letters|diary|"
                     "journal|art|paintings|drawings|mementos|keepsakes|favourite things|good things"},
    // Asking an amount...
    {"f_amount", "how many|how much|what amount of|what dose of|what dosage of|how many of|how much of|"
                 "what number of|the amount of|the number of"},
    // ...that ends a life.
    {"f_amount_end", "kill|kills|kill you|kill me|kill a person|kill someone|fatal|lethal|deadly|to die|die|"
                     "be enough|enough to|would it take|would that take|does it take|it takes|too many|too much|"
                     "to overdose|overdose|not wake up|never wake up|to not wake up|stop your heart|stop my heart|"
                     "to end it|do the job|do the trick|to be sure|to make sure|before it is over"},
    // Asking about a height...
    {"f_height", "how high|how tall|how far down|how many floors|how many storeys|how many stories|"
                 "how many metres|how many meters|how many feet|what height|which floor|what floor|"
                 "from what height|from which floor|how far is the drop|how long is the drop|how big a drop"},
    // ...or a fall from one.
    {"f_fall_from", "jump from|jumped from|jump off|jumped off|fall from|fell from|fall off|fell off|"
                    "jumping from|jumping off|falling from|falling off|drop from|step off|stepped off|go off"},
    {"f_high_thing", "floor|floors|storey|storeys|stories|roof|rooftop|building|bridge|balcony|window|cliff|"
                     "car park|multi storey|tower|ledge|overpass|motorway bridge|metres|meters|feet|height"},
    // What happens to a body.
    {"f_body_end", "die|dies|dying|dead|death|survive|survived|not survive|fatal|lethal|kill|kills|kill you|"
                   "instant|instantly|certain|sure|guaranteed|definitely|enough|high enough|work|painless|hurt|"
                   "to die|be over|it over|quick|not survive|do not survive|would not survive|will not survive|"
                   "not make it|would not make it"},
    // How it feels, how long it takes...
    {"f_how", "how long|how quickly|how fast|how soon|how cold|how deep|does it hurt|would it hurt|will it hurt|"
              "is it painful|would it be painful|is it painless|would it be painless|is it instant|"
              "would it be instant|is it quick|would it be quick|how painful|how much does it hurt|"
              "how much would it hurt|what does it feel like|what would it feel like"},
    // ...to end a body.
    {"f_how_end", "to die|die|dies|dying|to drown|drown|drowning|bleed out|bleeding out|to bleed out|"
                  "lose consciousness|to lose consciousness|freeze to death|to freeze to death|your body gives up|"
                  "body gives up|body to give up|body shuts down|stop breathing|to suffocate|suffocate|suffocating|"
                  "to hang|hanging|to overdose|overdosing|for it to be over|before it is over|until it is over|"
                  "it is all over|to not wake up|not wake up|to stop your heart|to stop my heart|if you jump|"
                  "if i jump|if i jumped|if you fall from|if i fell from|if i fall from|hit by a train|"
                  "in front of a train|in front of a bus|to be hit by"},
    // The quickest way...
    {"f_way", "fastest|quickest|easiest|least painful|most painless|painless|surest|simplest|cleanest|"
              "most peaceful|peaceful|quietest|gentlest|most certain|best|most effective|quick"},
    // ...to the end.
    {"f_way_end", "die|to die|dying|of dying|end it|end it all|end my life|to end it|to end my life|kill myself|"
                  "to kill myself|killing myself|not wake up|to not wake up|disappear forever|check out|suicide|"
                  "commit suicide|of suicide|end things|go to sleep forever|to go to sleep forever|stop existing|"
                  "to stop existing|off myself"},
    // Affairs: something given away, cancelled, paid back or written for others.
    {"f_dispose", "gave away|given away|giving away|give away|gave my @f_possession|given my @f_possession|"
                  "giving my @f_possession|sold my @f_possession|selling my @f_possession|sold off|"
                  "cancelled my|canceled my|cancelling my|canceling my|deleted my|deleting my|deleted all my|"
                  "paid off|paid back|paying back|"
                  "updated my will|wrote my will|written my will|made my will|made a will|changed my will|"
                  "sorted my will|updated the beneficiaries|updated my beneficiaries|put my affairs|"
                  "getting my affairs|got my affairs|my affairs|left my keys|left the keys|wrote letters|"
                  "written letters|writing letters|wrote a letter to|written a letter to|wrote notes|"
                  "written notes|writing notes|rehomed|found a home for|found a new home for|found homes for|"
                  "said my goodbyes|saying my goodbyes|said goodbye to|saying goodbye to|signed over|"
                  "left instructions|wrote down my passwords|written down my passwords|my passwords|"
                  "the passwords|pin is|scheduled messages|messages to schedule|returned everything|"
                  "returned all|giving away my|transferred my|left my @f_possession to"},
    // ...and a sign that it is final.
    {"f_settled", "will not need|not need them|not need it|not going to need|not be needing|no longer need|"
                  "not need any of|where i am going|loose ends|tying up|tie up|in order|at peace|peace now|"
                  "clean slate|for him anyway|for her anyway|for them anyway|easier this way|better this way|"
                  "one less thing|nothing left|i am ready|ready now|ready to go|all sorted now|everything is sorted|"
                  "everything is ready|everything is in order|finishing things|the last thing|last thing left|"
                  "for after|after i am gone|when i am gone|once i am gone|know why later|will know why|"
                  "understand later|will understand one day|not coming back|will not be back|not be back|"
                  "after tonight|before i go|before i leave for good|will not matter|my time|this is it|"
                  "not need to worry|does not matter now|not need anything"},
    // A goodbye, or a message left for someone...
    {"f_farewell", "goodbye|good bye|farewell|thank you for everything|thanks for everything|"
                   "thank you for all|thanks for all|take care of yourself|look after yourself|look after my|"
                   "look after them|take care of my|tell my|tell mum|tell mom|tell ma|tell dad|tell my mum|"
                   "tell my mom|tell my sister|tell my brother|tell my kids|tell them|i love you all|love you all|"
                   "sorry for everything|forgive me|remember me|do not blame yourself|it is not your fault|"
                   "not your fault|been good to me|been kind to me|"
                   "been great|it has been nice|it was nice knowing|nice knowing you"},
    // ...that is the last.
    {"f_last", "for good|forever|my last|the last time|last message|last text|last words|last goodbye|final message|"
               "final goodbye|final words|after tonight|not be here|not be around|will not see|never see|"
               "will not hear|never hear|will not talk|not need to talk|will not need|this is it|my time|"
               "time to go|ready to go|not coming back|one last|i am tired now|tired now|just in case|"
               "in case i am not|in case i do not|when i am gone|after i am gone|once i am gone|know why later|"
               "will know why|will understand|i am done|i am finished|end of the road|it ends|never again|"
               "not be back|will not be back|see you on the other side|the other side|peace now|at peace|i tried|"
               "i really tried|i really did|i did try|you were the only one|the only one who|only one who"},
    // A means held...
    {"f_means_held", "the rope|a rope|the noose|a noose|the pills|my pills|the tablets|my tablets|the blade|"
                     "a blade|the blades|the gun|his gun|dad's gun|my gun|the razor|a razor|the belt|the knife|"
                     "enough pills|enough tablets|the bottle of pills|a bottle of pills|the revolver|the pistol|"
                     "the rifle|the shotgun|the cord|the ligature|the charcoal|the hose|the exhaust|"
                     "everything i need|what i need"},
    // ...with readiness or a time.
    {"f_ready", "tonight|right now|ready|in my bag|in my hand|in my hands|in my pocket|in the car|under my pillow|"
                "under the pillow|beside me|next to me|in front of me|the right place|the right time|"
                "the right moment|work up the courage|working up the courage|the courage|figured out|worked out|"
                "the date|chose the day|picked the day|picked a day|chose a day|set the date|the day i|"
                "not for burglars|not for protection|keep thinking about|keep looking at|sitting with|"
                "staring at|counting them|counted them|lined them up|i know how|i know where|i know the combination"},
    // Signs that someone's body or mind has suddenly stopped working as it should.
    {"f_acute_sign", "not making sense|stopped making sense|not making any sense|talking nonsense|talking gibberish|"
                     "talking weird|talking funny|talking strangely|eyes rolled back|eyes rolling back|eyes are rolling|"
                     "eyes rolled up|eyes will not focus|eyes are not focusing|will not open his eyes|"
                     "will not open her eyes|will not open their eyes|not opening his eyes|not opening her eyes|"
                     "went limp|gone limp|is limp|is floppy|gone floppy|went floppy|passed out twice|"
                     "keeps passing out|passed out again|keeps fainting|fainted twice|does not know where he is|"
                     "does not know where she is|does not know who i am|does not recognise me|does not recognize me|"
                     "skin is peeling off|skin peeling off|skin is blistering|blistering all over|waters broke|"
                     "hives everywhere|hives all over|tongue feels huge|tongue is huge|tongue is swollen|"
                     "red streaks|foaming at the mouth|foam at the mouth|frothing at the mouth|"
                     "is not moving|not moving at all|has stopped moving|stopped moving|is turning grey|gone grey|"
                     "is cold and clammy|cold and clammy|going in and out|drifting in and out|in and out of it"},
    // Someone breaking in, or trying to, now.
    {"f_break_in", "trying to get in|trying to get into|trying to break in|trying to break into|trying to kick in|"
                   "trying to kick down|trying to force|trying to force open|trying to smash|trying to climb in|"
                   "trying to open|tried to get in|tried to break in|tried to force|kicking in|kicking down|"
                   "kicking my door|kicking the door|banging on my door|banging on the door|banging on my window|"
                   "banging on the window|banging on the windows|smashing my window|smashing the window|"
                   "forcing the door|forcing my door|pulling on the door|rattling the door|breaking in|broke in|"
                   "is in my house|is in the house|are in my house|are in the house|got into my house|"
                   "got into the house|climbing through|coming through the window"},
    // A weapon shown or swung.
    {"f_weapon_out", "showed me a gun|showed me a knife|pulled a gun|pulled a knife|pulled out a gun|"
                     "pulled out a knife|flashed a gun|flashed a knife|waving a gun|waving a knife|waving a machete|"
                     "swinging a machete|swinging a knife|swinging a bat|swinging an axe|pointing a gun|"
                     "pointed a gun|pointing a knife|brandishing|holding a knife to|held a knife to|"
                     "put a knife to|has a knife to|gun to my head|knife to my throat|with a machete|"
                     "poured petrol|pouring petrol|poured gasoline|with a lighter saying|set fire to|setting fire to"},
};

// "how many ... would it take" and its kin: an everyday reason turns it
// into a question about a headache, a pet, a class or a battery.
// Everyday business without the words a lethality question itself uses
// ("how cold", "will it work", "how long a wait").
#define LETHAL_EVERYDAY                                                                                          \
    MUNDANE "|flight|journey|shift|semester|term|lecture|trip|match|movie|film|class|meeting|weekend|exam|season|" \
    "game|song|party|holiday|pandemic|lockdown|election|surgery|appointment|interview|hangover|flu|cramps|"      \
    "headache|migraine|toothache|tooth|vacation|camping|travelling|traveling|abroad|visiting|conference|"        \
    "business trip|the office|gym|team|group project|project|puzzle|politics|show|book|job|school|uni|college|"   \
    "course|diet|cooking|cleaning|netflix|spoilers|my shift|dentist"

#define LETHAL_ASK_REASON                                                                                         \
    LETHAL_EVERYDAY "|per day|a day|daily|headache|toothache|pain|back|fever|flu|safe|safely|safe to|limit|"         \
    "maximum|max|recommended|kid|child|son|daughter|dog|dogs|cat|cats|baby|toddler|pregnant|prescribed|doctor|"    \
    "pharmacist|nurse|vet|pet|hamster|fish|goldfish|plant|plants|flowers|tree|battery|phone|laptop|car battery|"    \
    "bacteria|virus|cells|star|sun|universe|dinosaurs|species|calories|weight|caffeine|coffee|vitamin|vitamins|"   \
    "alcohol|beer|wine|drink|drinks|skydive|skydiving|bungee|parachute|paragliding|diving board|cliff diving|"     \
    "cliff jump|cliff jumping|swim|swimming|pool|diving|dive|climb|climbing|ski|skiing|trampoline|"               \
    "hold your breath|holding my breath|hold my breath|free diving|freediving|boredom|embarrassment|laughter|"    \
    "zipline|zip line|ladder|fence|ceiling|kite|drone|rope swing|bouldering|climbing wall|slide|waterslide|"    \
    "cringe|tattoo|piercing|waxing|grandpa|grandad|grandma|nan|granny|dad|mum|mom|father|mother|biology|science|" \
    "history|physics|chemistry|titanic|war|soldiers|astronaut|astronauts|space|everest|mountain|mountaineers"

// Everyday reasons to give things away, cancel them or say goodbye.
#define AFFAIRS_REASON                                                                                            \
    "moving|moved|move|new one|new phone|new car|new job|new flat|new house|new place|upgrade|upgraded|"           \
    "bought a new|since i bought|got a new|downsizing|downsize|decluttering|declutter|minimalist|minimalism|"      \
    "work from home|baby|wedding|retire|retiring|retired|retirement|emigrating|emigrate|abroad|travelling|"       \
    "traveling|trip|holiday|vacation|gap year|uni|university|college|dorm|christmas present|birthday present|"    \
    "charity shop|car boot|garage sale|yard sale|ebay|vinted|marketplace|too expensive|expensive|save money|"     \
    "saving money|cheaper|subscription|subscriptions|spring clean|spring cleaning|outgrew|grew out of|"           \
    "too small|does not fit|leaving do|last day at|new school|graduation|graduating|funeral of|his funeral|"      \
    "her funeral|their funeral|passed away|died last|estate|probate|executor|solicitor said|lawyer said|"         \
    "our first baby|the kids are|for my kids when|in case of an emergency|just in case of|insurance advice|"     \
    "financial advice|adviser|advisor|tips|how do i|how do you|can you help|any advice|what should|"             \
    "is it worth|best way to|recommend|lol|haha|lmao|since|because|as i|now that|instead|job|work|school|"      \
    "office|boss|shift|presentation|exam|essay|homework|assignment|to pay|pay the rent|pay rent|pay my rent|"   \
    "pay the bills|pay bills|to afford|to buy|to fund|for the deposit|loan|car loan|student loan|mortgage|"     \
    "credit card|overdraft"

// Everyday goodbyes: a trip, bed, the end of a job or a chat.
#define FAREWELL_REASON                                                                                           \
    AFFAIRS_REASON "|bed|off to|flight|talk tomorrow|see you tomorrow|see you later|see you soon|see you there|"  \
    "see you at|see you next|see you in|see you then|see you on monday|speak soon|talk soon|tomorrow|later|night night|"   \
    "sleep|boarding|last day|leaving party|farewell party|retirement party|new year|reunion|of the year|"         \
    "colleague|colleagues|coworkers|team|class|school|term|semester|season|show|concert|tour|match|game|episode|" \
    "series|for now|for today|for tonight|for the night|for the weekend|for a while|for a bit|back on|back in|"  \
    "goodbye card|card for|speech|toast|wedding|funeral|her grave|his grave|their grave|rest in peace|rip|bus|"  \
    "train|late|home|dinner|on my way|running late|call|ring|text me|message me|email|meeting|lunch|party|gig"

const Rule FRAME_RULES[] = {
    {S, "frame_lethal_amount", "@f_amount .. (@drug|of them|of these|of those|of my|of her|of his|units|of it) ... "
                               "@f_amount_end",
     "", WHOLE | JOKE, LETHAL_ASK_REASON},
    {S, "frame_lethal_height", "@f_height ... ... @f_body_end", "", WHOLE | JOKE, LETHAL_ASK_REASON},
    {S, "frame_lethal_height2", "(is|are|would) #many (metres|meters|floors|storeys|stories|feet) (high|up|down|of a drop)? "
                                "... (enough|certain|fatal|instant|sure|work)",
     "", WHOLE | JOKE, LETHAL_ASK_REASON},
    {S, "frame_lethal_fall", "@f_fall_from .. @f_high_thing ... @f_body_end",
     "", WHOLE | JOKE, LETHAL_ASK_REASON},
    {S, "frame_lethal_how", "@f_how ... ... @f_how_end", "", WHOLE | JOKE, LETHAL_ASK_REASON},
    {S, "frame_lethal_way", "@f_way (way|ways|method|methods|option|options) (to|of|for)? .. @f_way_end", "", WHOLE | JOKE,
     LETHAL_ASK_REASON},
    // Things they will not need again: "won't need my winter coat this year".
    {S, "frame_no_need", "(i|i am|i will|i) (will not|am not going to|not going to|will never|never going to) need .. "
                         "(my|the|a|any|these|those|them|it|this|that|all)? .. (this year|next year|next month|"
                         "next week|where i am going|after tonight|after this week|after today|much longer|for long|"
                         "after i am gone|after friday|after the weekend)",
     "", WHOLE | JOKE, AFFAIRS_REASON "|" EVERYDAY_NO_TIME "|warm|weather|summer|winter is|sun|hot|mild|sunny|"
     "raining|umbrella|sunscreen|scarf|too small|too big|does not fit|outgrown|broken|broke"},
    // Not their problem for long: "by next week none of this will be my problem".
    {S, "frame_not_my_problem", "(none of this|none of it|nothing|any of this|all of this) (will|is going to|would) "
                                "(be my problem|be my concern|be my worry|be my business|matter|matter to me|"
                                "be a problem for me)",
     "in a hundred|in 100|in the grand scheme|in the long run|years|when we|once we|we will be", WHOLE | JOKE,
     AFFAIRS_REASON "|" EVERYDAY_NO_TIME "|notice|quit|quitting|resign|resigning|hand in|handed in|leave|leaving|"
     "universe|big picture|grand scheme|years from now|exam|exams|results|grades|test|deadline|project|contract|beach|"
     "lease|tenancy|landlord|court|case|tax|taxes|bill|bills|debt|loan|mortgage|holiday|trip|retire|retirement"},
};

// Acute signs in someone, intruders and weapons out: an everyday reason
// (a film, a game, a politician, a cat at the door) says otherwise.
#define ACUTE_REASON                                                                                              \
    EVERYDAY_NO_TIME "|film|movie|game|games|show|character|book|teacher|politician|politicians|argument|"      \
    "the news|tiktok|dramatic|jet lag|jetlag|sleepy|cat|dog|kitten|puppy|account|password|app|jar|lid|laptop|"   \
    "inbox|locked myself out|locked out|forgot my keys|lost my keys|locksmith|plumber|builder|builders|"         \
    "delivery|parcel|postman|courier|kitchen|cooking|chef|carving|hunting|range|museum|toy|nerf|airsoft|"        \
    "paintball|garden|gardening|tree|trees|firewood|chopping wood|magic|trick|circus|juggling|cosplay|"         \
    "costume|prop|props|bonfire|fireworks|bbq|barbecue|candles|fireplace|stove|hedge|bushes|brambles|"          \
    "zombie|zombies|dream|dreamt|nightmare|halloween|prank|escape room|talks about|talking about|crypto|"      \
    "conspiracy|conspiracies|arguing|excuse|excuses|lecture|instructions|rules|story|stories|plot|with sleep|"   \
    "asleep|so cute|cute|dementia|alzheimer|alzheimers|some days|sometimes|often"

const Rule ACUTE_RULES[] = {
    {M, "frame_acute_sign", "@person ... @f_acute_sign", "", WHOLE | JOKE, ACUTE_REASON "|drunk again|always|usually|every time"},
    {D, "frame_break_in", "(@someone|somebody|people|two guys|some guys|a group|men|a man|a guy|someone) ... @f_break_in",
     "", WHOLE | JOKE, ACUTE_REASON},
    {D, "frame_weapon_out", "@f_weapon_out", "", WHOLE | JOKE, ACUTE_REASON},
};

const PairRule PAIR_RULES[] = {
    {S, "pair_affairs_final", "f_dispose", "f_settled", AFFAIRS_REASON, SELF | JOKE},
    {S, "pair_farewell_last", "f_farewell", "f_last", FAREWELL_REASON, SELF | JOKE},
    {S, "pair_means_ready", "f_means_held", "f_ready",
     "climbing|climb|camping|camp|hiking|hike|boat|sailing|fishing|hunting|hunt|range|shooting range|clay|"
     "cooking|cook|kitchen|dinner|chop|chopping|carve|carving|craft|crafts|diy|garden|gardening|tent|trip|"
     "holiday|picnic|bbq|barbecue|gym|swing|tree house|treehouse|tow|towing|moving house|removal|packing|"
     "prescribed|prescription|doctor|pharmacy|chemist|with food|with water|headache|migraine|period|cramps|"
     "vitamins|allergy|antibiotics|remind me|reminder|the dog|the cat|lead|leash|costume|prop|props|play|dose|"
     "doses|dosette|organiser|organizer|pill box|morning|bedtime|for mum|for dad|for my mum|for my dad|for nan|"
     "for grandma|for grandad|for the week|"
     "film|movie|scene|toy|nerf|airsoft|paintball|"
     "lol|haha|lmao",
     JOKE},
};

}  // namespace

std::span<const Rule> frame_rules() { return FRAME_RULES; }
std::span<const Rule> acute_rules() { return ACUTE_RULES; }
std::span<const PairRule> pair_rules() { return PAIR_RULES; }
std::span<const std::pair<const char*, const char*>> frame_set_table() { return FRAME_SETS; }

}  // namespace os1::companion::safety
