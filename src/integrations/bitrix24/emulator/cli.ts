/**
 * `npm run b24:emulator`: a Bitrix24 emulator with a demo portal for manual poking.
 * Port: PORT or 8004. Prints the webhook URL and the application token; Ctrl-C stops it.
 */
import { demoSeed } from "./demo.js";
import { startBitrix24Emulator } from "./index.js";

const port = Number(process.env.PORT ?? 8004);
const b24 = await startBitrix24Emulator({ port, secret: "demo0webhook0key", applicationToken: "demo-application-token", seed: demoSeed() });

console.log(`Bitrix24 emulator on ${b24.origin}
  webhook URL:        ${b24.webhookUrl}
  application token:  ${b24.applicationToken}
  control API:        ${b24.origin}/_emulator/  (see src/integrations/bitrix24/emulator/README.md)
  try: curl -s '${b24.webhookUrl}crm.deal.list.json' | head -c 400`);

const stop = () => {
  void b24.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
