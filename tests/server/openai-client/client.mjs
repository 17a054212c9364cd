// The official OpenAI client (npm "openai") against `os1 serve`:
// OS1_URL=http://127.0.0.1:PORT/v1 OS1_KEY=os1_... node client.mjs
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.OS1_URL, apiKey: process.env.OS1_KEY, maxRetries: 0 });

const models = await client.models.list();
console.log("models: " + models.data.map((m) => m.id).join(" "));

const reply = await client.chat.completions.create({
  model: "os1",
  messages: [{ role: "user", content: "My cat Mochi sleeps all day." }],
});
if (!reply.choices[0].message.content || reply.usage.total_tokens <= 0) throw new Error("empty reply or usage");
console.log("reply: " + reply.choices[0].message.content.slice(0, 60));

const stream = await client.chat.completions.create({
  model: "os1",
  messages: [{ role: "user", content: "What does my cat do?" }],
  stream: true,
});
let text = "";
for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
if (!text) throw new Error("nothing streamed");
console.log("streamed: " + text.slice(0, 60));

const wrong = new OpenAI({ baseURL: process.env.OS1_URL, apiKey: "os1_wrong", maxRetries: 0 });
try {
  await wrong.models.list();
  throw new Error("a wrong key was accepted");
} catch (e) {
  if (!(e instanceof OpenAI.APIError)) throw e;
  console.log("unauthorized: " + e.status);
}
