// The chat page's client: one WebSocket to this server's /ws/chat, rooms entered with ENTER, and a
// reconnect of its own after any disconnect (exponential backoff with jitter) that enters the same
// rooms again with lastSeq, so the server replays the TALKs missed meanwhile (README.md, "Protocol"
// and "Resuming after a disconnect").
//
// Whatever the server sends reaches the page as text only (textContent, createTextNode), never as
// HTML.

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 10_000;
const RESTART_SPREAD_MS = [1_000, 5_000]; // after a SHUTDOWN notice, so a node's clients do not return at once
const ENTER_RETRY_MS = 1_500; // an ENTER refused for now (RATE_LIMITED, UNAVAILABLE) is sent again after this
const POLICY_VIOLATION = 1008;
const STABLE_MS = 5_000; // a connection that lasted this long starts the backoff afresh
const REENTER_AT_ONCE = 10; // after a reconnect, further ENTERs are paced to stay inside the
const REENTER_INTERVAL_MS = 150; // server's rate limit (20 frames at once, then 10 per second)
const MAX_LINES = 500; // per log; older lines are dropped
const USER_ID = /^[A-Za-z0-9_.@-]{1,64}$/;
const RESERVED_USER_ID = 'SYSTEM';
const ROOM_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;

const byId = (id) => document.getElementById(id);
const ui = {
  status: byId('status'),
  connectForm: byId('connect-form'),
  name: byId('name'),
  connect: byId('connect'),
  disconnect: byId('disconnect'),
  joinForm: byId('join-form'),
  room: byId('room'),
  join: byId('join'),
  rooms: byId('rooms'),
  notices: byId('notices'),
  roomTitle: byId('room-title'),
  leave: byId('leave'),
  logs: byId('logs'),
  talkForm: byId('talk-form'),
  message: byId('message'),
  send: byId('send'),
};

/**
 * The rooms the user is in, by roomId: { id, state: 'out' | 'entering' | 'in', lastSeq, unread,
 * log, tab }. lastSeq is the highest seq shown, null until the room's first ENTER is confirmed.
 */
const rooms = new Map();
let active = null; // the room shown
let userId = null; // whom the user connected as; null once they disconnect
let socket = null;
let openedAt = 0; // when the current socket opened; 0 while it is not open
let retries = 0; // connections in a row that failed or did not last STABLE_MS
let retryTimer = 0;
let heardFromServer = false; // whether the current socket received a frame
let restarting = false; // the server announced a SHUTDOWN on the current socket

// --- the connection

function connect() {
  clearTimeout(retryTimer);
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${scheme}//${location.host}/ws/chat?userId=${encodeURIComponent(userId)}`);
  socket = ws;
  heardFromServer = false;
  restarting = false;
  showStatus('connecting', 'connecting…');
  ws.addEventListener('open', () => {
    if (ws !== socket) return;
    openedAt = Date.now();
    showStatus('connected', `connected as ${userId}`);
    reenterRooms(ws);
    refreshControls();
  });
  ws.addEventListener('message', (event) => {
    if (ws !== socket) return;
    heardFromServer = true;
    receive(event.data);
  });
  ws.addEventListener('close', (event) => {
    if (ws === socket) connectionLost(event);
  });
}

function connectionLost(event) {
  socket = null;
  rooms.forEach((room) => { room.state = 'out'; });
  const reason = event.reason ? ` ${event.reason}` : '';
  if (openedAt !== 0) {
    notice(null, 'closed', `connection closed (${event.code}${reason})`);
    if (Date.now() - openedAt >= STABLE_MS) retries = 0;
  }
  if (event.code === POLICY_VIOLATION && !heardFromServer) {
    // refused at the door (a bad or taken name, too many connections): trying again changes nothing
    userId = null;
    openedAt = 0;
    showStatus('disconnected', `refused: ${event.reason || 'policy violation'}`);
    refreshControls();
    return;
  }
  openedAt = 0;
  const delay = restarting ? spread(RESTART_SPREAD_MS) : backoff(retries++);
  showStatus('connecting', `reconnecting in ${(delay / 1000).toFixed(1)} s`);
  retryTimer = setTimeout(connect, delay);
  refreshControls();
}

/** Doubles from RETRY_FIRST_MS up to RETRY_MAX_MS, any time up to that ("full jitter"), so clients spread out. */
function backoff(attempt) {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempt);
  return Math.max(50, Math.random() * ceiling);
}

function spread([low, high]) {
  return low + Math.random() * (high - low);
}

function disconnect() {
  userId = null;
  clearTimeout(retryTimer);
  const ws = socket;
  socket = null;
  openedAt = 0;
  if (ws) ws.close(1000, 'bye');
  rooms.forEach((room) => { room.state = 'out'; });
  showStatus('disconnected', 'disconnected');
  refreshControls();
}

function isOpen() {
  return socket !== null && socket.readyState === WebSocket.OPEN;
}

function send(frame) {
  if (!isOpen()) return false;
  socket.send(JSON.stringify(frame));
  return true;
}

function enter(room) {
  const frame = { type: 'ENTER', roomId: room.id };
  if (room.lastSeq !== null) frame.lastSeq = room.lastSeq; // the server replays what came after it
  if (send(frame)) room.state = 'entering';
}

function reenterRooms(ws) {
  [...rooms.values()].forEach((room, i) => {
    const wait = Math.max(0, i - REENTER_AT_ONCE + 1) * REENTER_INTERVAL_MS;
    setTimeout(() => {
      if (ws === socket && rooms.get(room.id) === room && room.state === 'out') enter(room);
    }, wait);
  });
}

// --- what the server sends

function receive(text) {
  let frame;
  try {
    frame = JSON.parse(text);
  } catch {
    return;
  }
  if (frame === null || typeof frame !== 'object') return;
  const room = typeof frame.roomId === 'string' ? rooms.get(frame.roomId) : undefined;
  switch (frame.type) {
    case 'TALK': if (room) talkArrived(room, frame); break;
    case 'ENTER': if (room) enterArrived(room, frame); break;
    case 'LEAVE': if (room) notice(room, 'leave', `${frame.userId} left`, frame.userId); break;
    case 'RESYNC': if (room) resyncArrived(room, frame); break;
    case 'ERROR': errorArrived(room, frame); break;
    case 'SHUTDOWN': shutdownArrived(frame); break;
    default: break; // HISTORY is never asked for; unknown types are for newer clients
  }
}

function talkArrived(room, frame) {
  if (Number.isInteger(frame.seq)) {
    if (room.lastSeq !== null && frame.seq <= room.lastSeq) return; // shown already
    room.lastSeq = frame.seq;
  }
  const item = line('talk', frame.userId);
  if (Number.isInteger(frame.seq)) item.dataset.seq = String(frame.seq);
  if (frame.userId === userId) item.classList.add('mine');
  item.append(textIn('span', 'who', frame.userId), timeOf(frame.ts), textIn('p', 'text', frame.message));
  addTo(room, item);
  if (room !== active) {
    room.unread += 1;
    room.tab.textContent = `${room.id} (${room.unread})`;
  }
}

function enterArrived(room, frame) {
  if (frame.userId === userId && room.state !== 'in') {
    room.state = 'in';
    if (room.lastSeq === null) room.lastSeq = 0; // from now on, every TALK of the room counts
    refreshControls();
  }
  notice(room, 'enter', `${frame.userId} entered`, frame.userId);
}

function resyncArrived(room, frame) {
  notice(room, 'resync', `Some messages are missing: ${frame.message}`);
  if (Number.isInteger(frame.firstSeq)) room.lastSeq = Math.max(0, frame.firstSeq - 1); // what follows starts there
}

function errorArrived(room, frame) {
  const text = `Error ${frame.code}: ${frame.message}`;
  if (room && frame.code === 'TOO_MANY_ROOMS') {
    removeRoom(room);
    notice(null, 'error', `${text} (${room.id})`);
    return;
  }
  if (room && room.state === 'entering') {
    room.state = 'out'; // the ENTER was refused
    if (frame.code === 'RATE_LIMITED' || frame.code === 'UNAVAILABLE') enterLater(room);
  }
  notice(room ?? null, 'error', text);
  refreshControls();
}

function enterLater(room) {
  const ws = socket;
  setTimeout(() => {
    if (ws === socket && isOpen() && rooms.get(room.id) === room && room.state === 'out') enter(room);
  }, spread([ENTER_RETRY_MS, 2 * ENTER_RETRY_MS]));
}

function shutdownArrived(frame) {
  restarting = true;
  notice(null, 'shutdown', `Server: ${frame.message}`);
  showStatus('connecting', 'server restarting…');
  if (socket) socket.close(1000, 'server restarting'); // the close event schedules the reconnect
}

// --- rooms on the page

function addRoom(id) {
  const log = document.createElement('ol');
  log.className = 'log';
  log.dataset.room = id;
  log.setAttribute('role', 'log');
  log.setAttribute('aria-label', `Messages in ${id}`);
  log.hidden = true;
  const tab = document.createElement('button');
  tab.type = 'button';
  tab.dataset.room = id;
  tab.textContent = id;
  const item = document.createElement('li');
  item.append(tab);
  const room = { id, state: 'out', lastSeq: null, unread: 0, log, tab };
  tab.addEventListener('click', () => show(room));
  ui.logs.append(log);
  ui.rooms.append(item);
  rooms.set(id, room);
  return room;
}

function removeRoom(room) {
  rooms.delete(room.id);
  room.log.remove();
  room.tab.parentElement.remove();
  if (active === room) show(rooms.values().next().value ?? null);
}

function show(room) {
  active = room;
  rooms.forEach((r) => {
    r.log.hidden = r !== room;
    r.tab.setAttribute('aria-pressed', String(r === room));
  });
  ui.roomTitle.textContent = room ? room.id : 'No room yet';
  if (room) {
    room.unread = 0;
    room.tab.textContent = room.id;
    room.log.scrollTop = room.log.scrollHeight;
  }
  refreshControls();
}

function refreshControls() {
  const chosen = userId !== null;
  ui.name.disabled = chosen;
  ui.connect.disabled = chosen;
  ui.disconnect.disabled = !chosen;
  ui.join.disabled = !chosen;
  ui.leave.disabled = active === null;
  ui.send.disabled = !isOpen() || active === null || active.state !== 'in';
}

function showStatus(state, text) {
  ui.status.dataset.state = state;
  ui.status.textContent = text;
}

// --- lines in a log, built from text only

function line(className, user) {
  const item = document.createElement('li');
  item.className = className;
  if (typeof user === 'string') item.dataset.user = user;
  return item;
}

function textIn(tag, className, text) {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = String(text ?? '');
  return element;
}

function timeOf(ts) {
  const time = document.createElement('time');
  const date = new Date(ts);
  if (Number.isFinite(ts) && !Number.isNaN(date.getTime())) {
    time.dateTime = date.toISOString();
    time.textContent = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }
  return time;
}

function notice(room, kind, text, user) {
  const item = line(`notice ${kind}`, user);
  item.dataset.kind = kind;
  item.textContent = text;
  addTo(room, item);
}

/** Appends to the room's log (the notices when room is null), following the newest unless scrolled up. */
function addTo(room, item) {
  const log = room ? room.log : ui.notices;
  const following = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
  log.append(item);
  while (log.childElementCount > MAX_LINES) log.firstElementChild.remove();
  if (following) log.scrollTop = log.scrollHeight;
}

// --- what the user does

ui.connectForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const name = ui.name.value.trim();
  if (name === RESERVED_USER_ID) {
    ui.name.setCustomValidity(`${RESERVED_USER_ID} is reserved`);
    ui.name.reportValidity();
    return;
  }
  if (userId !== null || !USER_ID.test(name)) return; // the field's pattern tells the user why
  userId = name;
  retries = 0;
  connect();
  refreshControls();
  ui.room.focus();
});

ui.name.addEventListener('input', () => ui.name.setCustomValidity(''));

ui.disconnect.addEventListener('click', disconnect);

ui.joinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const id = ui.room.value.trim();
  if (!ROOM_ID.test(id)) return;
  const room = rooms.get(id) ?? addRoom(id);
  show(room);
  if (room.state === 'out') enter(room); // not connected: entered once the connection is back
  ui.room.value = '';
});

ui.leave.addEventListener('click', () => {
  if (active === null) return;
  if (active.state !== 'out') send({ type: 'LEAVE', roomId: active.id });
  removeRoom(active);
});

ui.talkForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const message = ui.message.value;
  if (message !== '' && active && send({ type: 'TALK', roomId: active.id, message })) ui.message.value = '';
  ui.message.focus();
});

window.addEventListener('online', () => {
  if (userId !== null && socket === null) connect(); // no need to wait out the backoff
});

showStatus('disconnected', 'disconnected');
refreshControls();
