/**
 * The generated Pulumi analyzer protocol, with google-protobuf and gRPC taken from the copies the
 * generated code itself uses: its serializers check messages with `instanceof`, so a second copy of
 * google-protobuf in the tree would make every request fail.
 */
import { createRequire } from "node:module";
import type * as Grpc from "@grpc/grpc-js";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import * as services from "@pulumi/pulumi/proto/analyzer_grpc_pb";

const besideGeneratedCode = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb"));

export const grpc = besideGeneratedCode("@grpc/grpc-js") as typeof Grpc;
export const { Struct } = besideGeneratedCode("google-protobuf/google/protobuf/struct_pb") as typeof StructPb;
export const { Empty } = besideGeneratedCode("google-protobuf/google/protobuf/empty_pb") as typeof EmptyPb;
export { analyzer, services };
