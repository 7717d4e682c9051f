import { MessageChannelMain, type MessagePortMain, type WebContents } from "electron";
import { portChannelName, type MessageTransport } from "../common/contract/index.ts";

function transportOver(port: MessagePortMain): MessageTransport {
  return {
    send: (message) => port.postMessage(message),
    onMessage(listener) {
      const onMessage = (event: Electron.MessageEvent) => listener(event.data);
      port.on("message", onMessage);
      return () => port.off("message", onMessage);
    },
  };
}

/**
 * Gives the window's page a fresh MessagePort to main on every load, and serves `connect` over it.
 * Tokens stream over this port, never over ipcMain.
 */
export function connectRendererPort(webContents: WebContents, connect: (transport: MessageTransport) => () => void): void {
  let disconnect: (() => void) | undefined;
  webContents.on("did-finish-load", () => {
    disconnect?.();
    const { port1, port2 } = new MessageChannelMain();
    disconnect = connect(transportOver(port1));
    port1.start();
    webContents.mainFrame.postMessage(portChannelName, null, [port2]);
  });
  webContents.once("destroyed", () => disconnect?.());
}
