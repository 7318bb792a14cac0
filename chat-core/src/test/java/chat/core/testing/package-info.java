/** Test doubles shared by chat-core's tests: recording connections, a manual clock, brokers that lose or defer. */
package chat.core.testing;
