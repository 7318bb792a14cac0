/**
 * Who may enter and read which room: the {@link chat.core.access.RoomAccess} decision the hub asks
 * for every ENTER and HISTORY, its outcomes ({@link chat.core.access.AccessDecision}), and the
 * deciders a deployment chooses from ({@code ROOM_ACCESS}): any room
 * ({@link chat.core.access.RoomAccess#open()}), the rooms a signed token grants
 * ({@link chat.core.access.RoomGrants}), or the application's HTTP callback
 * ({@link chat.core.access.HttpRoomAccess}) behind a cache ({@link chat.core.access.CachedRoomAccess}).
 * Direct-message rooms ({@link chat.core.access.DirectRooms}) belong to their two users whatever the
 * decider. Uses the protocol's identifiers only.
 */
package chat.core.access;
