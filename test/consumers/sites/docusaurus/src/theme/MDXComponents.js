// Created by hand, as the guide says: it wraps the original map (swizzle does not offer MDXComponents for this).
import MDXComponents from '@theme-original/MDXComponents'
import { CodeRunner } from '@runcell/react'
import '@runcell/react/styles.css'

export default { ...MDXComponents, CodeRunner }
