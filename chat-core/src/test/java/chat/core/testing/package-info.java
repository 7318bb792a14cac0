/**
 * Test helpers: doubles for chat-core's own tests (recording connections, a manual clock, brokers
 * that lose or defer), and {@link chat.core.testing.TestResources}, which every module's tests
 * use to close what they opened. Published in chat-core's test-jar.
 */
package chat.core.testing;
