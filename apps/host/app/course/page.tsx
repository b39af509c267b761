import Link from 'next/link'
import { LessonProgress } from '../../components/course/CourseProgress'
import { LESSONS } from '../../components/course/lessons'

export const metadata = { title: 'Course' }

/** The demo course's lessons, each with the learner's progress on its checked exercises. */
export default function CoursePage() {
  return (
    <main id="main" className="docs">
      <h1>Course</h1>
      <p className="lead">Short lessons with exercises you run and change in the page.</p>
      <ol>
        {LESSONS.map((lesson) => (
          <li key={lesson.slug}>
            <Link href={`/course/${lesson.slug}`}>{lesson.title}</Link>: {lesson.summary}{' '}
            <LessonProgress ids={lesson.exercises.filter((e) => e.check).map((e) => e.id)} />
          </li>
        ))}
      </ol>
    </main>
  )
}
