import { CodeRunner } from '@runcell/react'
import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { CourseExercise } from '../../../components/course/CourseExercise'
import { findLesson, LESSONS, setupOf } from '../../../components/course/lessons'
import { RuncellShell } from '../../../components/runcell/RuncellShell'
import { currentFlags, runnerSettings } from '../../../components/runcell/runner-settings'

type Params = { lesson: string }

/** The lesson's title as the page title. */
export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const lesson = findLesson((await params).lesson)
  return { title: lesson ? lesson.title : 'Lesson not found' }
}

/**
 * A course lesson: a few exercises, each a prompt and a runner. Exercises with a check are `<Exercise>`s with
 * hints and a solution, whose outcomes are reported to /api/progress; one that builds on an earlier exercise runs
 * that one's solution as its hidden setup.
 */
export default async function LessonPage({ params }: { params: Promise<Params> }) {
  const lesson = findLesson((await params).lesson)
  if (!lesson) notFound()
  const flags = await currentFlags()
  const index = LESSONS.indexOf(lesson)
  return (
    <main id="main" className="docs">
      <p className="eyebrow">
        Lesson {index + 1} of {LESSONS.length}
      </p>
      <h1>{lesson.title}</h1>
      <p className="lead">{lesson.summary}</p>
      <RuncellShell settings={runnerSettings()} initialFlags={flags}>
        <ol className="exercises">
          {lesson.exercises.map((exercise, n) => (
            <li key={exercise.id}>
              <section aria-labelledby={`${exercise.id}-heading`}>
                <h2 id={`${exercise.id}-heading`}>
                  Exercise {n + 1}: {exercise.title}
                </h2>
                {exercise.check ? (
                  <CourseExercise
                    id={exercise.id}
                    language={exercise.language}
                    title={exercise.title}
                    code={exercise.code}
                    check={exercise.check}
                    hints={exercise.hints ?? []}
                    {...(exercise.solution ? { solution: exercise.solution } : {})}
                    {...(exercise.solutionAfterAttempts
                      ? { solutionAfterAttempts: exercise.solutionAfterAttempts }
                      : {})}
                    {...(exercise.session ? { session: exercise.session } : {})}
                    {...(exercise.files ? { files: exercise.files } : {})}
                    {...(exercise.dependsOn ? { setup: setupOf(exercise) } : {})}
                  >
                    {exercise.prompt.map((paragraph) => (
                      <p key={paragraph}>{paragraph}</p>
                    ))}
                  </CourseExercise>
                ) : (
                  <>
                    {exercise.prompt.map((paragraph) => (
                      <p key={paragraph}>{paragraph}</p>
                    ))}
                    <CodeRunner
                      id={exercise.id}
                      language={exercise.language}
                      title={exercise.title}
                      code={exercise.code}
                      {...(exercise.session ? { session: exercise.session } : {})}
                      {...(exercise.files ? { files: exercise.files } : {})}
                      feedback="/api/feedback"
                    />
                  </>
                )}
              </section>
            </li>
          ))}
        </ol>
      </RuncellShell>
      <p>
        <Link href="/playground">Try your own code in the playground</Link>
      </p>
    </main>
  )
}
