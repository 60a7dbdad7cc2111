/** The file system service of effect 3 (`@effect/platform`), for `#line/platform/FileSystem`; effect 4 has it in `effect/FileSystem`. */
export * from "@effect/platform/FileSystem"
