/** Elements other components move the keyboard to (one id each, one place that names them). */
export const libraryImportId = "library-import";
