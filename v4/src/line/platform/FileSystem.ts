/** The file system service of effect 4, for `#line/platform/FileSystem` (see src/line/v3/platform). */
export * from "effect/FileSystem"
