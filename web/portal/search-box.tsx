import { useId, useState } from 'react'
import { Input } from 'antd'
import { useNavigate } from 'react-router-dom'
import { searchPlaceholder } from './nav.js'

export function SearchBox({ initial = '', autoFocus = false }: { initial?: string; autoFocus?: boolean }) {
  const [value, setValue] = useState(initial)
  const [hint, setHint] = useState(false)
  const navigate = useNavigate()
  const id = useId()

  const submit = (raw: string) => {
    const q = raw.trim()
    if (!q) {
      setHint(true)
      return
    }
    setHint(false)
    navigate(`/search?q=${encodeURIComponent(q)}`)
  }

  return (
    <search className="gx-search" aria-label="信用信息查询">
      <label htmlFor={`${id}-input`} className="gx-visually-hidden">
        信用信息查询
      </label>
      <Input.Search
        id={`${id}-input`}
        size="large"
        value={value}
        onChange={(event) => {
          setValue(event.target.value)
          if (hint && event.target.value.trim()) setHint(false)
        }}
        onSearch={submit}
        placeholder={searchPlaceholder}
        enterButton="查询"
        allowClear
        autoFocus={autoFocus}
        maxLength={100}
        autoComplete="off"
        status={hint ? 'warning' : undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <p id={`${id}-hint`} className="gx-search-hint" aria-live="polite">
        {hint ? '请输入企业名称、统一社会信用代码或个体工商户名称后再查询。' : ''}
      </p>
    </search>
  )
}
