/** A turn of the event loop (a MessageChannel: no setTimeout clamp), so queued messages are read before going on. */
export const turn = () =>
  new Promise<void>((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => {
      c.port1.close();
      resolve();
    };
    c.port2.postMessage(0);
  });
