// The reference point (#5): a single-process Node socket.io relay of targeted signaling
// messages, as a meeting app built on socket.io would do it. Not part of Convene: started only
// by `scripts/bench-signaling.sh --reference socketio`, pinned like signaling-service, and driven
// by the same generator, so both are measured in one run.
//   node relay.js PORT
const { createServer } = require('node:http')
const { Server } = require('socket.io')

const port = Number(process.argv[2])
const http = createServer()
const io = new Server(http, {
  transports: ['websocket'],
  perMessageDeflate: false, // as signaling-service: no compression
  serveClient: false,
})
io.on('connection', (socket) => {
  socket.on('signal', (message) => {
    if (!message || typeof message.to !== 'string') return
    const { to, ...rest } = message
    io.to(to).emit('signal', { ...rest, from: socket.id })
  })
})
http.listen(port, '127.0.0.1', () => console.log(`socket.io relay on 127.0.0.1:${port}`))
process.on('SIGTERM', () => process.exit(0))
