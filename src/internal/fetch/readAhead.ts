/**
 * A fetch body read ahead of its reader, chunk by chunk, for bodies of
 * known and bounded size: a whole read takes it all once it has come (and
 * costs no wait when it came with the headers), and a stream reader gets
 * what has come so far, then each chunk as it comes. Reading ahead with
 * `arrayBuffer()` instead would hand a stream reader nothing until the
 * last byte, however slowly the body arrives.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as Streams from "#line/stream"
import type * as Stream from "effect/Stream"
import { concat } from "../readBody.js"

/** @internal */
export class ReadAhead {
  private chunks: Array<Uint8Array> = []
  private size = 0
  private done = false
  private failed = false
  private failure: unknown = undefined
  /** Told once the body has ended or failed, or when a chunk comes while a stream reader waits. */
  private waiters: Array<() => void> = []
  private whole: Uint8Array | undefined = undefined
  private streamed = false
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>

  constructor(body: ReadableStream<Uint8Array>, private readonly onEnd: () => void) {
    this.reader = body.getReader()
    this.pump()
  }

  private pump(): void {
    this.reader.read().then(
      (result) => {
        if (result.done) return this.finish(false, undefined)
        if (result.value.length > 0) {
          this.chunks.push(result.value)
          this.size += result.value.length
          this.wake()
        }
        this.pump()
      },
      (cause) => this.finish(true, cause)
    )
  }

  private finish(failed: boolean, cause: unknown): void {
    this.done = true
    this.failed = failed
    this.failure = cause
    this.onEnd()
    this.wake()
  }

  private wake(): void {
    const waiters = this.waiters
    if (waiters.length === 0) return
    this.waiters = []
    for (const waiter of waiters) waiter()
  }

  /** Whether the body has ended (whole or failed). */
  get ended(): boolean {
    return this.done
  }

  /** The whole body once it has arrived, unless a stream reader took it; undefined otherwise. */
  arrived(): Uint8Array | undefined {
    if (!this.done || this.failed || this.streamed) return undefined
    return this.whole ??= concat(this.chunks, this.size)
  }

  /** Settles when the body has ended, whole or failed. Never rejects. */
  ending(): Promise<void> {
    if (this.done) return Promise.resolve()
    return new Promise((resolve) => {
      // Woken by each chunk too: waits again until the end.
      const check = () => this.done ? resolve() : void this.waiters.push(check)
      this.waiters.push(check)
    })
  }

  /** The whole body, or the reason it did not come. */
  read(): Promise<Uint8Array> {
    return this.ending().then(() => {
      if (this.failed) throw this.failure
      if (this.streamed) throw new Error("the body is being streamed")
      return this.arrived()!
    })
  }

  /** Stops reading: the reader went away. */
  cancel(): void {
    if (!this.done) this.reader.cancel().catch(() => {})
  }

  /** What has come so far, then each chunk as it comes; a failure becomes `onError(cause)`. */
  stream<E>(onError: (cause: unknown) => E): Stream.Stream<Uint8Array, E> {
    this.streamed = true
    return Streams.fromPull(Effects.callback((resume) => {
      const deliver = () => {
        if (this.chunks.length > 0) {
          const chunks = this.chunks
          this.chunks = []
          resume(Streams.pulled(chunks))
        } else if (this.failed) {
          resume(Streams.pullFailed(onError(this.failure)))
        } else if (this.done) {
          resume(Streams.pullEnded)
        } else {
          this.waiters.push(deliver)
        }
      }
      deliver()
    }))
  }
}
