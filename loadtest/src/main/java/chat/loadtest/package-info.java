/**
 * The load tester ({@code loadtest/target/load-tester.jar}): Tyrus clients that connect, join rooms
 * and talk at a set rate ({@link chat.loadtest.LoadTest} picks the run: connect, fan-out or rooms),
 * and check every delivery of their own TALKs for loss, duplicates and order while recording
 * latency. Speaks the protocol over the wire; of the server it uses only chat-core's identifier rules.
 */
package chat.loadtest;
