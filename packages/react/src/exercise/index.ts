// Public exports of this area; the package index re-exports everything here.
export { Exercise } from './Exercise.js'
export type { ExerciseProps } from './Exercise.js'
export type { ExerciseCheckInfo } from './use-exercise-state.js'
export { useExerciseProgress } from './use-exercise-progress.js'
export type { CourseProgress } from './use-exercise-progress.js'
export type { ExerciseProgress } from './progress.js'
