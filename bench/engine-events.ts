import * as grpc from "@grpc/grpc-js";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { EventsService } from "@pulumi/pulumi/proto/events_grpc_pb";
import type { EventRequest } from "@pulumi/pulumi/proto/events_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

/**
 * The engine events of processes the bench does not host: every `pulumi up` given `--event-log tcp://<address>`
 * streams its events to this gRPC server (the Events service the engine dials for that form of the flag,
 * pkg/backend/display/display.go; Automation API's Stack.up serves the same for its own runs). Many engines
 * may stream at once, so one server sees the whole fleet, and `onEvent` plays the person reading the output
 * (the bench's registrar).
 */
export interface EngineEventStream {
  /** Pass as `--event-log <it>` to the engine. */
  eventLog: string;
  stop(): Promise<void>;
}

export async function receiveEngineEvents(onEvent: (event: EngineEvent) => void): Promise<EngineEventStream> {
  const server = new grpc.Server();
  server.addService(EventsService, {
    streamEvents(call: grpc.ServerReadableStream<EventRequest, unknown>, done: grpc.sendUnaryData<Empty>) {
      call.on("data", (request: EventRequest) => {
        try {
          onEvent(JSON.parse(request.getEvent()) as EngineEvent);
        } catch {
          // An event the bench cannot read is not one its registrar acts on.
        }
      });
      call.on("end", () => done(null, new Empty()));
      call.on("error", () => {});
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  return {
    eventLog: `tcp://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}
