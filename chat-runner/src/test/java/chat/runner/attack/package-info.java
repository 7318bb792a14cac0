/**
 * The attack catalogue: hostile clients tried against the packaged server, run as a process.
 *
 * <p>What lives here, by concern:
 * <ul>
 *   <li>the hostile-client toolkit, which speaks WebSocket by hand: {@link chat.runner.attack.ClientFrame}
 *       (frames a client may put on the wire, including forbidden ones), {@link chat.runner.attack.WireFrame}
 *       and {@link chat.runner.attack.FrameReader} (server frames parsed from raw bytes, text decoded
 *       strictly by {@link chat.runner.attack.StrictUtf8}), {@link chat.runner.attack.HandshakeRequest} and
 *       {@link chat.runner.attack.HttpHead} (handshakes, refused or never finished),
 *       {@link chat.runner.attack.HostileSocket} (a TCP socket that does all of that) and
 *       {@link chat.runner.attack.Ending} (how it ended), {@link chat.runner.attack.Payloads} (JSON crafted
 *       to hurt);</li>
 *   <li>ordinary clients built on it: {@link chat.runner.attack.ChatPeer} (records every frame from a
 *       reader thread) and {@link chat.runner.attack.Bystanders} (two members and a steady stream of TALKs
 *       whose delivery is checked);</li>
 *   <li>the server-process harness: {@link chat.runner.attack.ServerProcess} (the jar as a process),
 *       {@link chat.runner.attack.ServerOutput} (its log, searched for stack traces),
 *       {@link chat.runner.attack.ProcessGauges} (heap after a full GC, file descriptors, CPU),
 *       {@link chat.runner.attack.Metrics} (a {@code /metrics} scrape), {@link chat.runner.attack.RedisProbe}
 *       (Redis' command rate) and {@link chat.runner.attack.Poll} (bounded waits);</li>
 *   <li>the catalogue: {@link chat.runner.attack.Scene} (a fresh server with bystanders and a resource
 *       baseline, checked the same way after every attack), {@link chat.runner.attack.Findings}
 *       (every check of an attack reported, not just the first to fail), the attacks' data
 *       ({@link chat.runner.attack.RefusedHandshake}, {@link chat.runner.attack.ProtocolViolation}) and
 *       {@code AttackCatalogueIT}.</li>
 * </ul>
 * Test code only; it may use anything on chat-runner's test classpath.
 */
package chat.runner.attack;
