/**
 * Rooms on this instance and delivery to their members: who is in which room and the broker
 * interest that follows ({@link chat.core.room.RoomRegistry}), each room's gap-free, in-order TALKs
 * ({@link chat.core.room.RoomFeed}), and a member's place in a room, which holds live traffic while a
 * replay is sent ({@link chat.core.room.Seat}). Uses connections, the broker contract, the history
 * model, the protocol and the events.
 */
package chat.core.room;
