// Sentences her voice says in the benchmarks (bench/voice_roundtrip.cpp,
// bench/voice_latency.cpp). The round-trip list is the one the issue's
// first figure was measured on; the held-out list was written afterwards
// and is used for nothing but reporting. Settings are chosen on the kit's
// clips and on bench/data/voice_dev_sentences.txt, never on these.
#pragma once

#include <string>
#include <vector>

namespace os1::bench {

inline const std::vector<std::string> ROUND_TRIP_SENTENCES = {
    "Good morning, how did you sleep last night?",
    "Your sister called while you were out.",
    "I think you should take a break this afternoon.",
    "The meeting with your manager is at three o'clock.",
    "Would you like me to read the letter again?",
    "It was raining in the city all day.",
    "Tell me more about the new job.",
    "I remember you said you love the sea.",
    "Do you want to go for a walk after dinner?",
    "Let's write a letter to your grandmother.",
    "You sound tired today. Is everything all right?",
    "The train leaves at nine in the morning.",
    "What would you like to do this weekend?",
    "I am glad you told me about it.",
    "Your friend Paul is moving to London next month.",
    "Please remind me to buy milk and bread.",
    "The music was beautiful and I loved the piano.",
    "How was the doctor's appointment this morning?",
    "We could plan a small party for your birthday.",
    "Thank you for sharing that with me.",
};

inline const std::vector<std::string> HELD_OUT_SENTENCES = {
    "I'll call you back when I get home tonight.",
    "Your appointment with Doctor Smith is on Tuesday at ten.",
    "She doesn't want to go to the party without her friends.",
    "We've got two tickets for the play on Friday evening.",
    "The flowers in the garden are finally starting to bloom.",
    "Can you tell me what time the shop opens tomorrow?",
    "My daughter Emma just turned seven years old.",
    "It's been a while since we talked about your writing.",
    "The coffee was too hot, so I waited a few minutes.",
    "Don't forget that your rent is due on the first of the month.",
    "He's planning a trip to Paris with his wife in June.",
    "I think the movie was better than the book.",
    "Would you like to hear a poem before you go to sleep?",
    "The kids are playing football in the park.",
    "You wrote three letters to your friend last year.",
    "Maybe we can try a new recipe for dinner tonight.",
    "The snow kept falling all through the night.",
    "Tell me what made you smile today.",
    "Your flight to Berlin leaves at half past six.",
    "I'm proud of you for finishing the project on time.",
};

}  // namespace os1::bench
